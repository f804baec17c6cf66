package dev.krr.pricing.adapter.out.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.InstanceCatalog;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.RateCard;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundledCatalogReaderTest {

    private static PriceData data;
    private static InstanceCatalog catalog;

    @BeforeAll
    static void read() {
        data = new BundledCatalogReader().read();
        catalog = new InstanceCatalog(data.entries());
    }

    @Test
    void holdsEveryRowOfTheSixProviders() {
        // 9,189 rows of instance-prices.csv + 1,103 Alibaba rows
        assertThat(catalog.size()).isEqualTo(9_189 + 1_103);
        assertThat(catalog.providers()).containsExactly("alibaba", "aws", "azure", "digitalocean", "gcp", "oci");
    }

    @Test
    void keepsSourcesAndDatesPerRowAndPerColumn() {
        CatalogEntry m5 = catalog.find("aws", "us-east-1", "m5.large").orElseThrow();
        assertThat(m5.onDemand().orElseThrow().hourly()).isEqualTo(Money.of("0.096", "USD"));
        assertThat(m5.onDemand().orElseThrow().source())
                .isEqualTo("bundled:aws/karpenter-provider-aws/pkg/providers/pricing/zz_generated.pricing_aws.go@6fc13b52");
        assertThat(m5.onDemand().orElseThrow().effectiveDate()).contains(LocalDate.parse("2026-07-20"));
        assertThat(m5.spot().orElseThrow().source()).isEqualTo("bundled:vantage-sh/ec2instances.info/opszero-app/instances.json@a19cd859");
        assertThat(m5.spot().orElseThrow().effectiveDate()).contains(LocalDate.parse("2024-04-04"));

        CatalogEntry e2 = catalog.find("gcp", "us-central1", "e2-standard-4").orElseThrow();
        // "generated Thu Jul 30 06:13:17 2026"
        assertThat(e2.onDemand().orElseThrow().effectiveDate()).contains(LocalDate.parse("2026-07-30"));
        assertThat(catalog.find("oci", "eu-amsterdam-1", "VM.Standard.E4.Flex$_2_8").orElseThrow().onDemand().orElseThrow()
                .effectiveDate()).as("skypilot rows cite a commit only").isEmpty();
    }

    @Test
    void carriesTheReadmesCaveats() {
        assertThat(catalog.find("aws", "eu-west-1", "m5.large").orElseThrow().caveats())
                .anyMatch(c -> c.contains("2024-04-04 snapshot"));
        assertThat(catalog.find("azure", "eastus", "Standard_B16als_v2").orElseThrow().caveats())
                .anyMatch(c -> c.contains("Windows licence"));
        CatalogEntry alibaba = catalog.find("alibaba", "cn-hangzhou", "ecs.c7.2xlarge").orElseThrow();
        assertThat(alibaba.onDemand().orElseThrow().hourly()).isEqualTo(Money.of("1.630795", "CNY"));
        assertThat(alibaba.caveats()).anyMatch(c -> c.contains("CNY"));
    }

    @Test
    void readsComponentPricesAsRateCards() {
        RateCard e2 = data.rateCards().stream()
                .filter(c -> c.provider().equals("gcp") && c.family().orElseThrow().equals("e2") && c.capacityType().name().equals("ON_DEMAND"))
                .findFirst().orElseThrow();
        assertThat(e2.rates().cpuPerVcpuHour()).isEqualByComparingTo("0.021811");
        assertThat(e2.rates().memoryPerGibHour()).isEqualByComparingTo("0.002923");
        // OCI E4.Flex: 0.025 per OCPU = 2 vCPU -> 0.0125 per vCPU; 2 × 0.0125 + 8 × 0.0015 = 0.037 = the listed VM.Standard.E4.Flex$_2_8
        RateCard e4 = data.rateCards().stream().filter(c -> c.family().orElseThrow().equals("VM.Standard.E4.Flex")).findFirst().orElseThrow();
        assertThat(e4.rates().cpuPerVcpuHour()).isEqualByComparingTo("0.0125");
        assertThat(e4.rates().memoryPerGibHour()).isEqualByComparingTo("0.0015");
    }
}
