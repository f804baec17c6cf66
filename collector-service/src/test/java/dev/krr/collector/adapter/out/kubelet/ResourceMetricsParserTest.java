package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.adapter.out.kubelet.RecordingConsumer.Sample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMetricsParserTest {

    private static final long SCRAPE_TIME = 1_700_000_000_000L;

    /** Shaped as the kubelet's own collector test expects it (pkg/kubelet/metrics/collectors), every family present. */
    private static final String KUBELET_BODY = """
            # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
            # TYPE container_cpu_usage_seconds_total counter
            container_cpu_usage_seconds_total{container="container_a",namespace="namespace_a",pod="pod_a"} 10 1624396278302
            container_cpu_usage_seconds_total{container="container_a",namespace="namespace_b",pod="pod_b"} 10 1624396278302
            container_cpu_usage_seconds_total{container="container_b",namespace="namespace_a",pod="pod_a"} 0.125 1624396278302
            # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="container_a",namespace="namespace_a",pod="pod_a"} 1000 1624396278302
            container_memory_working_set_bytes{container="container_a",namespace="namespace_b",pod="pod_b"} 1.5634432e+07 1624396278302
            container_memory_working_set_bytes{container="container_b",namespace="namespace_a",pod="pod_a"} 1000 1624396278302
            # HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds
            # TYPE container_start_time_seconds gauge
            container_start_time_seconds{container="container_a",namespace="namespace_a",pod="pod_a"} 1.6243962483020916e+09
            # HELP container_swap_usage_bytes [ALPHA] Current amount of the container swap usage in bytes. Reported only on non-windows systems
            # TYPE container_swap_usage_bytes gauge
            container_swap_usage_bytes{container="container_a",namespace="namespace_a",pod="pod_a"} 1000 1624396278302
            # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
            # TYPE node_cpu_usage_seconds_total counter
            node_cpu_usage_seconds_total 10 1624396278302
            # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
            # TYPE node_memory_working_set_bytes gauge
            node_memory_working_set_bytes 1000 1624396278302
            # HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds
            # TYPE pod_cpu_usage_seconds_total counter
            pod_cpu_usage_seconds_total{namespace="namespace_a",pod="pod_a"} 10 1624396278302
            # HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes
            # TYPE pod_memory_working_set_bytes gauge
            pod_memory_working_set_bytes{namespace="namespace_a",pod="pod_a"} 1000 1624396278302
            # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
            # TYPE resource_scrape_error gauge
            resource_scrape_error 0
            # HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise
            # TYPE scrape_error gauge
            scrape_error 0
            """;

    @Test
    void aKubeletBodyYieldsExactlyTheContainerCpuAndWorkingSetSamples() throws IOException {
        RecordingConsumer consumer = new RecordingConsumer();
        ResourceMetricsParser.Result result = parse(KUBELET_BODY, consumer);

        assertThat(result).isEqualTo(new ResourceMetricsParser.Result(6, 0, 0, null, null));
        assertThat(consumer.samples).containsExactly(
                new Sample("cpu", "namespace_a", "pod_a", "container_a", 1624396278302L, 10),
                new Sample("cpu", "namespace_b", "pod_b", "container_a", 1624396278302L, 10),
                new Sample("cpu", "namespace_a", "pod_a", "container_b", 1624396278302L, 0.125),
                new Sample("memory", "namespace_a", "pod_a", "container_a", 1624396278302L, 1000),
                new Sample("memory", "namespace_b", "pod_b", "container_a", 1624396278302L, 15_634_432),
                new Sample("memory", "namespace_a", "pod_a", "container_b", 1624396278302L, 1000));
    }

    @Test
    void chunkBoundariesAnywhereGiveTheSameSamples() {
        String body = KUBELET_BODY.replace("pod_b", "pöd_ß"); // multi-byte UTF-8 split across chunks too
        RecordingConsumer whole = new RecordingConsumer();
        ResourceMetricsParser one = new ResourceMetricsParser("n1", SCRAPE_TIME, whole);
        one.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
        one.finish();
        RecordingConsumer bytewise = new RecordingConsumer();
        ResourceMetricsParser parser = new ResourceMetricsParser("n1", SCRAPE_TIME, bytewise);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        assertThat(parser.finish().samplesAccepted()).isEqualTo(6);
        assertThat(bytewise.samples).isEqualTo(whole.samples);
        assertThat(bytewise.find("memory", "pöd_ß", "container_a").namespace()).isEqualTo("namespace_b");
    }

    @Test
    void labelsInAnyOrderWithBlanksEscapesAndCrLf() throws IOException {
        String body = "container_cpu_usage_seconds_total{ pod=\"p\\\"1\" , namespace = \"ns\\\\x\",container=\"c\\nd\",} 1.5e+00 1624396278302\r\n"
                + "container_memory_working_set_bytes {namespace=\"ns\",pod=\"p\",container=\"c\",image=\"x\"}\t42\r\n";
        RecordingConsumer consumer = new RecordingConsumer();
        ResourceMetricsParser.Result result = parse(body, consumer);

        assertThat(result.samplesAccepted()).isEqualTo(2);
        assertThat(result.badLines()).isZero();
        assertThat(consumer.samples).containsExactly(
                new Sample("cpu", "ns\\x", "p\"1", "c\nd", 1624396278302L, 1.5),
                // no timestamp: the scrape time stands in
                new Sample("memory", "ns", "p", "c", SCRAPE_TIME, 42));
    }

    @Test
    void nanAndInfinitiesArePassedOnAsWritten() throws IOException {
        String body = """
                container_cpu_usage_seconds_total{container="a",namespace="n",pod="p"} NaN 1
                container_cpu_usage_seconds_total{container="b",namespace="n",pod="p"} +Inf 2
                container_memory_working_set_bytes{container="a",namespace="n",pod="p"} -Inf 3
                container_memory_working_set_bytes{container="b",namespace="n",pod="p"} 1e-3 4
                """;
        RecordingConsumer consumer = new RecordingConsumer();
        assertThat(parse(body, consumer).samplesAccepted()).isEqualTo(4);
        assertThat(consumer.samples).extracting(Sample::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.001);
    }

    @Test
    void badLinesAreSkippedAndCountedAndTheFirstIsKept() throws IOException {
        String body = """
                # TYPE container_cpu_usage_seconds_total counter
                container_cpu_usage_seconds_total{container="a",namespace="n",pod="p"} 12abc 1624396278302
                container_cpu_usage_seconds_total{container="b",namespace="n",pod="p"} 7 1624396278302
                ~~~ garbage ~~~
                container_memory_working_set_bytes{container="a",pod="p"} 100 1624396278302
                container_memory_working_set_bytes{container="a",namespace="n",pod="p" 100 1624396278302
                container_memory_working_set_bytes{container="b",namespace="n",pod="p"} 100 16243962783x2
                node_memory_working_set_bytes lots 1624396278302
                container_memory_working_set_bytes{container="c",namespace="n",pod="p"} 9 1624396278302
                """ + "container_memory_working_set_bytes{container=\"d\",namespace=\"n\",pod=\""; // cut short: no final newline
        RecordingConsumer consumer = new RecordingConsumer();
        ResourceMetricsParser.Result result = parse(body, consumer);

        assertThat(result.samplesAccepted()).isEqualTo(2);
        assertThat(result.badLines()).isEqualTo(7);
        assertThat(result.firstBadLineNumber()).isEqualTo(2);
        assertThat(result.firstBadLine()).startsWith("container_cpu_usage_seconds_total{container=\"a\"");
        assertThat(result.firstBadReason()).isEqualTo("value '12abc' is not a number");
        assertThat(consumer.samples).extracting(Sample::container).containsExactly("b", "c");
    }

    @Test
    void eachKindOfBadLineHasItsReason() {
        assertThat(firstReason("~~~ garbage ~~~\n")).isEqualTo("not a metric line");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",pod=\"p\"} 1 1\n"))
                .isEqualTo("label namespace missing or empty");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"\"} 1 1\n"))
                .isEqualTo("label pod missing or empty");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\" 1 1\n"))
                .isEqualTo("expected ',' or '}' after label pod");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\\t\",namespace=\"n\",pod=\"p\"} 1 1\n"))
                .isEqualTo("bad escape in the value of label container");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\"} 1 1x\n"))
                .isEqualTo("timestamp '1x' is not epoch milliseconds");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\"} 1 1 extra\n"))
                .isEqualTo("unexpected text after the timestamp");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\"}\n"))
                .isEqualTo("no value after the metric name and labels");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\"}1\n"))
                .isEqualTo("no value after the metric name and labels");
        assertThat(firstReason("container_memory_working_set_bytes{container=\"a\",namespace=\"n\",pod=\"p\"} 0x10\n"))
                .isEqualTo("value '0x10' is not a number");
        assertThat(firstReason("x".repeat(70_000) + "\n")).isEqualTo("line longer than 65536 bytes");
    }

    @Test
    void anHtmlPageAnsweredWith200IsAPermanentErrorNamingTheNodeAndQuotingTheBody() {
        String html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>upstream</body></html>\n";
        assertThatThrownBy(() -> parse("node-7", html, new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.node()).isEqualTo("node-7");
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage())
                            .startsWith("kubelet on node node-7 answered /metrics/resource without any container sample: 3 bad line(s)")
                            .contains("first (line 1) not a metric line: '<!DOCTYPE html>'")
                            .contains("the body starts '<!DOCTYPE html>\\n<html><head><title>502 Bad Gateway</title>")
                            .doesNotContain("\n");
                });
    }

    @Test
    void aBodyCutShortBeforeAnySampleIsATransientError() {
        String cut = "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time\n"
                + "container_cpu_usage_seconds_total{container=\"a\",namesp";
        assertThatThrownBy(() -> parse(cut, new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("(line 2) the body ends inside this line (no final newline): cut short");
                });
    }

    @Test
    void aNodeWithoutContainersIsNotAnError() throws IOException {
        String body = """
                # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
                # TYPE node_cpu_usage_seconds_total counter
                node_cpu_usage_seconds_total 10 1624396278302

                resource_scrape_error 0
                """;
        assertThat(parse(body, new RecordingConsumer())).isEqualTo(new ResourceMetricsParser.Result(0, 0, 0, null, null));
        assertThat(parse("", new RecordingConsumer())).isEqualTo(new ResourceMetricsParser.Result(0, 0, 0, null, null));
    }

    @Test
    void theFleetEmulatorWritesWhatTheParserReads() throws IOException {
        KubeletFleetServer.Container web = KubeletFleetServer.Container.steady("shop", "web-1", "web", 0, 0.25, 15_634_432);
        KubeletFleetServer.Container odd = new KubeletFleetServer.Container("odd\"ns", "p\\1", "line\nbreak", t -> 123_456.5, t -> 1e21);
        long now = 1_624_396_278_302L;
        String body = KubeletFleetServer.render(List.of(web, odd), now, false);
        RecordingConsumer consumer = new RecordingConsumer();

        assertThat(parse(body, consumer)).isEqualTo(new ResourceMetricsParser.Result(4, 0, 0, null, null));
        // 0.25 cores for 1,624,396,278.302 s = 406,099,069.5755 core-seconds
        assertThat(consumer.find("cpu", "web-1", "web").value()).isEqualTo(0.25 * now / 1000.0);
        assertThat(consumer.find("memory", "web-1", "web")).isEqualTo(new Sample("memory", "shop", "web-1", "web", now, 15_634_432));
        assertThat(consumer.find("cpu", "p\\1", "line\nbreak")).isEqualTo(new Sample("cpu", "odd\"ns", "p\\1", "line\nbreak", now, 123_456.5));
        assertThat(body).contains("} 1.5634432e+07 " + now + "\n", "} 123456.5 ", "} 1e+21 ", "node_cpu_usage_seconds_total ",
                "pod_memory_working_set_bytes{namespace=\"shop\",pod=\"web-1\"} 1.5634432e+07 ");
        assertThat(KubeletFleetServer.render(List.of(web), now, true)).contains("web\",namespace=\"shop\",pod=\"web-1\"} NaN " + now);
    }

    @Test
    void goFloatFormattingMatchesTheKubelet() {
        assertThat(KubeletFleetServer.goFloat(10)).isEqualTo("10");
        assertThat(KubeletFleetServer.goFloat(123456)).isEqualTo("123456");
        assertThat(KubeletFleetServer.goFloat(15_634_432)).isEqualTo("1.5634432e+07");
        assertThat(KubeletFleetServer.goFloat(1.6243962483020916e+09)).isEqualTo("1.6243962483020916e+09");
        assertThat(KubeletFleetServer.goFloat(0.0001)).isEqualTo("0.0001");
        assertThat(KubeletFleetServer.goFloat(0.00001)).isEqualTo("1e-05");
        assertThat(KubeletFleetServer.goFloat(-2.5)).isEqualTo("-2.5");
    }

    private static String firstReason(String body) {
        RecordingConsumer consumer = new RecordingConsumer();
        ResourceMetricsParser parser = new ResourceMetricsParser("n1", SCRAPE_TIME, consumer);
        byte[] good = "container_cpu_usage_seconds_total{container=\"ok\",namespace=\"n\",pod=\"p\"} 1 1\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(good, 0, good.length);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        ResourceMetricsParser.Result result = parser.finish();
        assertThat(result.badLines()).as(body).isEqualTo(1);
        assertThat(result.samplesAccepted()).as(body).isEqualTo(1);
        return result.firstBadReason();
    }

    private static ResourceMetricsParser.Result parse(String body, RecordingConsumer consumer) throws IOException {
        return parse("n1", body, consumer);
    }

    private static ResourceMetricsParser.Result parse(String node, String body, RecordingConsumer consumer) throws IOException {
        return ResourceMetricsParser.parse(node, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), SCRAPE_TIME, consumer);
    }
}
