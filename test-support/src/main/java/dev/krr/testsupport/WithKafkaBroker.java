package dev.krr.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Gives the test class its own real broker (see {@link KafkaBrokers}), published as the system
 * property {@code spring.kafka.bootstrap-servers} before any Spring context starts, and removed
 * afterwards. The Spring context is discarded with the class so no later class reuses a context
 * bound to a stopped broker. Put it before {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface WithKafkaBroker {
    /** Partitions of auto-created topics. */
    int partitions() default 2;
}
