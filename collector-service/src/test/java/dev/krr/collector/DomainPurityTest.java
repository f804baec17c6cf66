package dev.krr.collector;

import dev.krr.testsupport.DomainPurity;
import org.junit.jupiter.api.Test;

/** Keeps {@code dev.krr.collector.domain} free of Spring, Kafka, gRPC, protobuf and fabric8 types. */
class DomainPurityTest {

    @Test
    void domainIsPureJava() {
        DomainPurity.check("dev.krr.collector");
    }
}
