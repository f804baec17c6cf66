package dev.krr.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house rule every service enforces: its {@code domain} package is plain Java. Algorithms
 * that import no framework can be tested with hand-built inputs and reused by the backtest and
 * the CLI without starting anything.
 */
public final class DomainPurity {

    private DomainPurity() {
    }

    /** Fails with ArchUnit's report when a class under {@code basePackage.domain} imports a framework. */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        rule(basePackage).check(classes);
    }

    static ArchRule rule(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "io.grpc..", "com.google.protobuf..",
                        "io.fabric8..", "io.github.resilience4j..", "io.micrometer..", "dev.krr.events..",
                        "dev.krr.pricing.v1..", "dev.krr.types..", "jakarta..", "tools.jackson..", "com.fasterxml..")
                .because("domain/ is pure Java: adapters map contracts and frameworks to domain records")
                .allowEmptyShould(true);
    }
}
