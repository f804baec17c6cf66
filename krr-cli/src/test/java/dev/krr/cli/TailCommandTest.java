package dev.krr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.testsupport.WithKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code krr tail} against a real broker: decoded records, and a missing topic said as such (never created). */
@WithKafkaBroker
class TailCommandTest {

    private record Run(int rc, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = KrrCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private static String bootstrap() {
        return System.getProperty("spring.kafka.bootstrap-servers");
    }

    @Test
    void printsTheRecordsAlreadyOnTheTopicAsJsonLines() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String name : new String[] {"web", "api"}) {
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, "demo/shop/Deployment/" + name,
                        Recommendation.newBuilder().setCluster("demo").setNamespace("shop").setKind("Deployment").setName(name).build()
                                .toByteArray())).get();
            }
        }
        Run r = run("tail", Topics.RECOMMENDATIONS, "--bootstrap-servers", bootstrap(), "-n", "2");

        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.startsWith("{\"partition\":"))
                .anyMatch(l -> l.contains("\"key\":\"demo/shop/Deployment/web\"") && l.contains("\"name\":\"web\""))
                .anyMatch(l -> l.contains("\"key\":\"demo/shop/Deployment/api\""));
    }

    @Test
    void aTopicThatDoesNotExistIsAnErrorAndIsNotCreated() {
        String missing = Topics.USAGE + Topics.DLQ_SUFFIX;
        Run r = run("tail", missing, "--bootstrap-servers", bootstrap());

        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("krr: topic " + missing + " does not exist on " + bootstrap());
        assertThat(run("tail", missing, "--bootstrap-servers", bootstrap()).err()).contains("does not exist");
    }
}
