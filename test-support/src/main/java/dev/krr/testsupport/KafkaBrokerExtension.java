package dev.krr.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** JUnit extension behind {@link WithKafkaBroker}; also injects the {@link KafkaBroker} as a parameter. */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** System property Spring Boot reads for the bootstrap servers. */
    public static final String BOOTSTRAP_PROPERTY = "spring.kafka.bootstrap-servers";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        int partitions = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithKafkaBroker.class)
                .map(WithKafkaBroker::partitions).orElse(2);
        KafkaBroker broker = KafkaBrokers.start(partitions);
        context.getStore(NS).put(KafkaBroker.class, broker);
        System.setProperty(BOOTSTRAP_PROPERTY, broker.bootstrapServers());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty(BOOTSTRAP_PROPERTY);
        KafkaBroker broker = context.getStore(NS).remove(KafkaBroker.class, KafkaBroker.class);
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker(extensionContext);
    }

    /** The broker of the running test class. */
    public static KafkaBroker broker(ExtensionContext context) {
        ExtensionContext c = context;
        while (c != null) {
            KafkaBroker b = c.getStore(NS).get(KafkaBroker.class, KafkaBroker.class);
            if (b != null) {
                return b;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("no broker: annotate the test class with @WithKafkaBroker");
    }
}
