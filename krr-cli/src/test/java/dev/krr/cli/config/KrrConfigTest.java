package dev.krr.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KrrConfigTest {

    @TempDir
    Path work;
    @TempDir
    Path home;

    @Test
    void defaultsThenFileThenEnvironmentThenFlags() throws Exception {
        Files.writeString(work.resolve(".krr.yaml"), """
                kafka:
                  bootstrap-servers: file-host:9092
                cluster:
                  id: from-file
                pricing:
                  currency: EUR
                prometheus:
                  bearer-token: s3cret
                """);
        Map<String, String> env = Map.of("KRR_CLUSTER_ID", "from-env", "KRR_PRICING_CURRENCY", "GBP");
        Map<ConfigKey, String> flags = new HashMap<>();
        flags.put(ConfigKey.PRICING_CURRENCY, "CNY");
        flags.put(ConfigKey.PROMETHEUS_URL, null);
        KrrConfig cfg = KrrConfig.resolve(null, work, home, env, flags);

        assertThat(cfg.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS)).contains("file-host:9092");
        assertThat(cfg.get(ConfigKey.CLUSTER_ID)).contains("from-env");
        assertThat(cfg.get(ConfigKey.PRICING_CURRENCY)).contains("CNY");
        assertThat(cfg.get(ConfigKey.PRICING_ADDRESS)).contains("localhost:9090");
        assertThat(cfg.get(ConfigKey.PROMETHEUS_URL)).isEmpty();

        String described = cfg.describe();
        assertThat(described).contains("cluster.id:", "from-env", "# $KRR_CLUSTER_ID", "# flag", "# default");
        assertThat(described).contains("prometheus.bearer-token:", "****").doesNotContain("s3cret");
    }

    @Test
    void homeFileIsUsedWhenTheWorkingDirectoryHasNone() throws Exception {
        Files.writeString(home.resolve(".krr.yaml"), "cluster:\n  id: home-cluster\n");
        KrrConfig cfg = KrrConfig.resolve(null, work, home, Map.of(), Map.of());
        assertThat(cfg.get(ConfigKey.CLUSTER_ID)).contains("home-cluster");
        assertThat(cfg.file()).contains(home.resolve(".krr.yaml"));
    }

    @Test
    void unknownKeysAreRejectedWithTheirPath() throws Exception {
        Files.writeString(work.resolve(".krr.yaml"), "cluster:\n  idd: x\n");
        assertThatThrownBy(() -> KrrConfig.resolve(null, work, home, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'cluster.idd'")
                .hasMessageContaining("cluster.id");
    }

    @Test
    void badValuesNameKeyValueAndSource() throws Exception {
        Files.writeString(work.resolve(".krr.yaml"), "prometheus:\n  url: not a url\n");
        assertThatThrownBy(() -> KrrConfig.resolve(null, work, home, Map.of(), Map.of()))
                .hasMessageContaining("prometheus.url = 'not a url'").hasMessageContaining(".krr.yaml");
        assertThatThrownBy(() -> KrrConfig.resolve(null, home, home, Map.of("KRR_SETTLE", "3 seconds"), Map.of()))
                .hasMessageContaining("settle = '3 seconds' (from $KRR_SETTLE)");
        assertThatThrownBy(() -> KrrConfig.resolve(null, home, home, Map.of(), Map.of(ConfigKey.OUTPUT_FORMAT, "xml")))
                .hasMessageContaining("output.format").hasMessageContaining("table, json");
    }

    @Test
    void brokenYamlAndMissingExplicitFileAreClearErrors() throws Exception {
        Files.writeString(work.resolve("bad.yaml"), "cluster: [unclosed\n");
        assertThatThrownBy(() -> KrrConfig.resolve(work.resolve("bad.yaml"), work, home, Map.of(), Map.of()))
                .hasMessageContaining("bad.yaml: not valid YAML");
        assertThatThrownBy(() -> KrrConfig.resolve(work.resolve("nope.yaml"), work, home, Map.of(), Map.of()))
                .hasMessageContaining("--config").hasMessageContaining("no such file");
    }

    @Test
    void secretsAreMaskedInErrorsToo() {
        assertThatThrownBy(() -> KrrConfig.resolve(null, work, home, Map.of("KRR_PROMETHEUS_BEARER_TOKEN", " "), Map.of()))
                .hasMessageContaining("****").hasMessageNotContaining("' '");
    }
}
