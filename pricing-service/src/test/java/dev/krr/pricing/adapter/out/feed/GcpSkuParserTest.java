package dev.krr.pricing.adapter.out.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.RateCard;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcpSkuParserTest {

    @Test
    void pairsCoreAndRamSkusIntoRateCardsPerRegion() {
        FeedPage page = GcpSkuParser.parse(Fixtures.read("gcp-cloudbilling-skus-list.json"), "fixture", LocalDate.parse("2026-11-26"));
        List<RateCard> cards = page.data().rateCards();

        // A2 and E2 in us-central1, us-east1, us-west1; T2D in asia-southeast1; the A100 GPU SKU is ignored
        assertThat(cards).hasSize(7);
        RateCard a2 = cards.stream().filter(c -> c.family().orElseThrow().equals("a2") && c.region().orElseThrow().equals("us-central1"))
                .findFirst().orElseThrow();
        // units 0 + nanos 31611000 = 0.031611 per vCPU-h; 4237000 nanos = 0.004237 per GiB-h
        assertThat(a2.rates().cpuPerVcpuHour()).isEqualByComparingTo("0.031611");
        assertThat(a2.rates().memoryPerGibHour()).isEqualByComparingTo("0.004237");
        assertThat(a2.rates().currency()).isEqualTo("USD");
        assertThat(a2.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(a2.effectiveDate()).contains(LocalDate.parse("2023-03-24"));

        RateCard t2d = cards.stream().filter(c -> c.family().orElseThrow().equals("t2d")).findFirst().orElseThrow();
        // this account's catalog is in rupiah: 508 units + 934997455 nanos
        assertThat(t2d.rates().currency()).isEqualTo("IDR");
        assertThat(t2d.rates().cpuPerVcpuHour()).isEqualByComparingTo("508.934997455");
        assertThat(t2d.effectiveDate()).as("no effectiveTime: the fetch date").contains(LocalDate.parse("2026-11-26"));
    }

    @Test
    void namesFamiliesLikeTheCatalog() {
        assertThat(GcpSkuParser.family("E2 Instance Core running in Americas")).isEqualTo("e2");
        assertThat(GcpSkuParser.family("N2 Custom Instance Ram running in Americas")).isEqualTo("n2-custom");
        assertThat(GcpSkuParser.family("Custom Instance Core running in Americas")).isEqualTo("n1-custom");
        assertThat(GcpSkuParser.family("Spot Preemptible E2 Instance Core running in Americas")).isEqualTo("e2");
    }
}
