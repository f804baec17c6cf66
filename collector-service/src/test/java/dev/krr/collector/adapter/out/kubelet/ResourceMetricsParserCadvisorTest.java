package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Cfs;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Container;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ResourceMetricsParser#cadvisor}: the CFS counters out of a kubelet's {@code /metrics/cadvisor} body, and nothing else. */
class ResourceMetricsParserCadvisorTest {

    private static final long SCRAPE_TIME = 1_700_000_000_000L;

    /**
     * Shaped as a kubelet's cAdvisor answers (cadvisor metrics/prometheus.go: CFS families only where
     * the cgroup has a quota, stats stamped with their time): the root cgroup, a pod cgroup
     * ({@code container=""}), a dockershim sandbox ({@code container="POD"}), two containers with a
     * quota, one without, and noise families with {@code cpu}, {@code device}, {@code interface} labels.
     */
    private static final String BODY = """
            # HELP cadvisor_version_info A metric with a constant '1' value labeled by kernel version, OS version, docker version, cadvisor version & cadvisor revision.
            # TYPE cadvisor_version_info gauge
            cadvisor_version_info{cadvisorRevision="",cadvisorVersion="",dockerVersion="",kernelVersion="6.1.0-18-cloud-amd64",osVersion="Debian GNU/Linux 12 (bookworm)"} 1
            # HELP container_cpu_cfs_periods_total Number of elapsed enforcement period intervals.
            # TYPE container_cpu_cfs_periods_total counter
            container_cpu_cfs_periods_total{container="",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice",image="",name="",namespace="shop",pod="web-1"} 91234 1700000000123
            container_cpu_cfs_periods_total{container="POD",id="/kubepods/burstable/pod1f2e/0a1b",image="registry.k8s.io/pause:3.9",name="k8s_POD_web-1_shop",namespace="shop",pod="web-1"} 5 1700000000123
            container_cpu_cfs_periods_total{container="web",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 91230 1700000000123
            container_cpu_cfs_periods_total{container="istio-proxy",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-9e8f.scope",image="docker.io/istio/proxyv2:1.22.1",name="9e8f",namespace="shop",pod="web-1"} 4 1700000000123
            # HELP container_cpu_cfs_throttled_periods_total Number of throttled period intervals.
            # TYPE container_cpu_cfs_throttled_periods_total counter
            container_cpu_cfs_throttled_periods_total{container="",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice",image="",name="",namespace="shop",pod="web-1"} 812 1700000000123
            container_cpu_cfs_throttled_periods_total{container="web",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 810 1700000000123
            container_cpu_cfs_throttled_periods_total{container="istio-proxy",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-9e8f.scope",image="docker.io/istio/proxyv2:1.22.1",name="9e8f",namespace="shop",pod="web-1"} 0 1700000000123
            # HELP container_cpu_cfs_throttled_seconds_total Total time duration the container has been throttled.
            # TYPE container_cpu_cfs_throttled_seconds_total counter
            container_cpu_cfs_throttled_seconds_total{container="",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice",image="",name="",namespace="shop",pod="web-1"} 41.5 1700000000123
            container_cpu_cfs_throttled_seconds_total{container="web",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 41.487311219 1700000000123
            container_cpu_cfs_throttled_seconds_total{container="istio-proxy",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-9e8f.scope",image="docker.io/istio/proxyv2:1.22.1",name="9e8f",namespace="shop",pod="web-1"} 0 1700000000123
            # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
            # TYPE container_cpu_usage_seconds_total counter
            container_cpu_usage_seconds_total{container="",cpu="total",id="/",image="",name="",namespace="",pod=""} 1.23456789e+06 1700000000123
            container_cpu_usage_seconds_total{container="web",cpu="total",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 9123.4 1700000000123
            container_cpu_usage_seconds_total{container="batch",cpu="total",id="/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod77aa.slice/cri-containerd-1234.scope",image="registry.example/batch:2",name="1234",namespace="jobs",pod="batch-7"} 12 1700000000123
            # HELP container_fs_reads_bytes_total Cumulative count of bytes read
            # TYPE container_fs_reads_bytes_total counter
            container_fs_reads_bytes_total{container="web",device="/dev/nvme0n1",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 4.096e+06 1700000000123
            # HELP container_network_receive_bytes_total Cumulative count of bytes received
            # TYPE container_network_receive_bytes_total counter
            container_network_receive_bytes_total{container="",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice",image="",interface="eth0",name="",namespace="shop",pod="web-1"} 1.2345e+09 1700000000123
            # HELP container_spec_cpu_quota CPU quota of the container.
            # TYPE container_spec_cpu_quota gauge
            container_spec_cpu_quota{container="web",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1"} 50000
            # HELP container_tasks_state Number of tasks in given state
            # TYPE container_tasks_state gauge
            container_tasks_state{container="web",id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-4c1d.scope",image="registry.example/web:1.4.2",name="4c1d",namespace="shop",pod="web-1",state="running"} 3 1700000000123
            # HELP machine_cpu_cores Number of logical CPU cores.
            # TYPE machine_cpu_cores gauge
            machine_cpu_cores{boot_id="9b1c",machine_id="ec2a",system_uuid="ec2a"} 16
            """;

    record Counter(String namespace, String pod, String container, String family, long timestampMillis, double value) {
    }

    private static List<Counter> parse(String body, ResourceMetricsParser.Result[] result) throws IOException {
        List<Counter> out = new ArrayList<>();
        result[0] = ResourceMetricsParser.parseCadvisor("n1", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), SCRAPE_TIME,
                (namespace, pod, container, family, timestampMillis, value) ->
                        out.add(new Counter(namespace, pod, container, family, timestampMillis, value)));
        return out;
    }

    @Test
    void keepsOnlyTheContainersCfsCountersAndSkipsPodCgroupsSandboxesAndOtherFamilies() throws IOException {
        ResourceMetricsParser.Result[] result = new ResourceMetricsParser.Result[1];

        List<Counter> counters = parse(BODY, result);

        long t = 1_700_000_000_123L;
        assertThat(counters).containsExactly(
                new Counter("shop", "web-1", "web", CadvisorCounterConsumer.CFS_PERIODS, t, 91230),
                new Counter("shop", "web-1", "istio-proxy", CadvisorCounterConsumer.CFS_PERIODS, t, 4),
                new Counter("shop", "web-1", "web", CadvisorCounterConsumer.CFS_THROTTLED_PERIODS, t, 810),
                new Counter("shop", "web-1", "istio-proxy", CadvisorCounterConsumer.CFS_THROTTLED_PERIODS, t, 0),
                new Counter("shop", "web-1", "web", CadvisorCounterConsumer.CFS_THROTTLED_SECONDS, t, 41.487311219),
                new Counter("shop", "web-1", "istio-proxy", CadvisorCounterConsumer.CFS_THROTTLED_SECONDS, t, 0));
        assertThat(result[0].samplesAccepted()).isEqualTo(6);
        assertThat(result[0].badLines()).isZero();
        // the family is handed over as the constant itself
        assertThat(counters.get(0).family()).isSameAs(CadvisorCounterConsumer.CFS_PERIODS);
    }

    @Test
    void aNodeWithoutAnyCpuLimitAnswersWithoutCfsLinesAndThatIsNoFailure() throws IOException {
        String noQuota = BODY.lines().filter(l -> !l.contains("_cfs_")).reduce("", (a, l) -> a + l + "\n");
        ResourceMetricsParser.Result[] result = new ResourceMetricsParser.Result[1];

        assertThat(parse(noQuota, result)).isEmpty();
        assertThat(result[0].samplesAccepted()).isZero();
        assertThat(result[0].badLines()).isZero();
    }

    @Test
    void aCfsLineWithoutNamespaceIsBadButTheRestCounts() throws IOException {
        String body = BODY + "container_cpu_cfs_periods_total{container=\"web\",id=\"/x\",pod=\"web-1\"} 7 1700000000123\n";
        ResourceMetricsParser.Result[] result = new ResourceMetricsParser.Result[1];

        assertThat(parse(body, result)).hasSize(6);
        assertThat(result[0].badLines()).isEqualTo(1);
        assertThat(result[0].firstBadReason()).isEqualTo("label namespace missing or empty");
    }

    @Test
    void anHtmlPageAnsweredWith200FailsNamingTheCadvisorPath() {
        String html = "<!DOCTYPE html>\n<html><body>Bad Gateway</body></html>\n";

        assertThatThrownBy(() -> parse(html, new ResourceMetricsParser.Result[1]))
                .isInstanceOf(KubeletScrapeException.class)
                .hasMessageContaining("kubelet on node n1 answered /metrics/cadvisor without any metric line")
                .hasMessageContaining("<!DOCTYPE html>")
                .satisfies(e -> assertThat(((KubeletScrapeException) e).permanent()).isTrue());
    }

    @Test
    void theEmulatorsBodyYieldsTheCountersOfTheContainersWithAQuotaOnly() throws IOException {
        long since = SCRAPE_TIME - 3_600_000;
        List<Container> containers = List.of(Container.steady("shop", "web-1", "web", since, 0.5, 3e8),
                Container.steady("shop", "web-1", "sidecar", since, 0.01, 4e7),
                Container.steady("jobs", "batch-7", "batch", since, 2, 1e9));
        Map<String, Cfs> quotas = Map.of("shop/web-1/web", Cfs.steady(since, 10, 1, 0.05), "jobs/batch-7/batch", Cfs.steady(since, 10, 9, 1.5));
        String body = KubeletFleetServer.renderCadvisor(containers, quotas, SCRAPE_TIME);
        ResourceMetricsParser.Result[] result = new ResourceMetricsParser.Result[1];

        List<Counter> counters = parse(body, result);

        assertThat(result[0].badLines()).isZero();
        assertThat(counters).hasSize(6).allMatch(c -> c.timestampMillis() == SCRAPE_TIME)
                .extracting(Counter::container).containsOnly("web", "batch");
        assertThat(counters).contains(new Counter("shop", "web-1", "web", CadvisorCounterConsumer.CFS_PERIODS, SCRAPE_TIME, 36_000),
                new Counter("jobs", "batch-7", "batch", CadvisorCounterConsumer.CFS_THROTTLED_SECONDS, SCRAPE_TIME, 5_400));
        // the pod cgroups' own CFS lines are in the body, and were passed over
        assertThat(body).contains("container_cpu_cfs_periods_total{container=\"\",id=\"/kubepods.slice/");
    }
}
