package dev.krr.pricing.adapter.out.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.Money;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AzureRetailParserTest {

    @Test
    void keepsLinuxPayAsYouGoAndSpotAndDropsWindowsAndLowPriority() {
        // 9 real items for eastus Standard_D2s_v3: Linux 0.096, Windows 0.188, Linux spot 0.018816,
        // Windows spot 0.036848, Low Priority 0.019/0.075, DevTest variants
        FeedPage page = AzureRetailParser.parse(Fixtures.read("azure-retail-prices-eastus-Standard_D2s_v3-nofilter-preview.json"), "fixture");

        assertThat(page.data().entries()).hasSize(1);
        CatalogEntry d2s = page.data().entries().get(0);
        assertThat(d2s.region()).isEqualTo("eastus");
        assertThat(d2s.instanceType()).isEqualTo("Standard_D2s_v3");
        assertThat(d2s.onDemand().orElseThrow().hourly()).isEqualTo(new Money(new java.math.BigDecimal("0.096"), "USD"));
        assertThat(d2s.spot().orElseThrow().hourly().amount()).isEqualByComparingTo("0.018816");
        assertThat(d2s.spot().orElseThrow().effectiveDate()).contains(LocalDate.parse("2026-06-01"));
        assertThat(page.nextPageLink()).isEmpty();
    }

    @Test
    void readsTheLowerCaseEnvelopeOfFranceCentral() {
        FeedPage page = AzureRetailParser.parse(Fixtures.read("azure-retail-prices-items-excerpt-francecentral-2021.json"), "fixture");
        Map<String, CatalogEntry> byType = page.data().entries().stream()
                .collect(Collectors.toMap(CatalogEntry::instanceType, Function.identity()));

        assertThat(byType).containsOnlyKeys("Standard_D2as_v5", "Standard_D4s_v5", "Standard_E4s_v5");
        // Linux Consumption rows of the excerpt; Windows (0.193, 0.408, 0.48) and Reservation (1009 …) are ignored
        assertThat(byType.get("Standard_D2as_v5").onDemand().orElseThrow().hourly().amount()).isEqualByComparingTo("0.101");
        assertThat(byType.get("Standard_D2as_v5").spot().orElseThrow().hourly().amount()).isEqualByComparingTo("0.0404");
        assertThat(byType.get("Standard_D4s_v5").onDemand().orElseThrow().hourly().amount()).isEqualByComparingTo("0.224");
        assertThat(byType.get("Standard_D4s_v5").spot().orElseThrow().hourly().amount()).isEqualByComparingTo("0.0896");
        assertThat(byType.get("Standard_E4s_v5").onDemand().orElseThrow().hourly().amount()).isEqualByComparingTo("0.296");
        assertThat(byType.get("Standard_E4s_v5").spot().orElseThrow().hourly().amount()).isEqualByComparingTo("0.1184");
    }

    @Test
    void reportsTheNextPageLink() {
        FeedPage page = AzureRetailParser.parse(Fixtures.read("azure-retail-prices-page-with-nextpagelink.tail-excerpt.json"), "fixture");
        assertThat(page.nextPageLink()).hasValueSatisfying(link -> assertThat(link).contains("$skip=1000"));
    }
}
