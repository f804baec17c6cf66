package dev.krr.pricing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceBookTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final BigDecimal NANO = new BigDecimal("0.000000001");
    private static final ExchangeRates ECB = new ExchangeRates("EUR", LocalDate.parse("2026-11-25"), "ECB",
            Map.of("USD", new BigDecimal("1.1790"), "GBP", new BigDecimal("0.88180"), "CNY", new BigDecimal("7.5518")));

    private static CatalogEntry entry(String provider, String region, String type, String vcpu, String gib,
                                      String onDemand, String spot, String date) {
        Optional<LocalDate> effective = date == null ? Optional.empty() : Optional.of(LocalDate.parse(date));
        String currency = provider.equals("alibaba") ? "CNY" : "USD";
        return new CatalogEntry(provider, region, type, Optional.of(InstanceShape.of(vcpu, gib)),
                Optional.ofNullable(onDemand).map(p -> new Listing(Money.of(p, currency), "test:" + provider, effective)),
                Optional.ofNullable(spot).map(p -> new Listing(Money.of(p, currency), "test:" + provider + "-spot", effective)),
                List.of());
    }

    private static final List<CatalogEntry> CATALOG = List.of(
            entry("aws", "us-east-1", "m5.large", "2", "8", "0.096", "0.0384", "2026-07-20"),
            entry("aws", "us-east-1", "m5.xlarge", "4", "16", "0.192", "0.096", "2026-07-20"),
            entry("aws", "us-east-1", "m5.2xlarge", "8", "32", "0.384", null, "2026-07-20"),
            entry("aws", "eu-west-1", "m5.large", "2", "8", "0.107", "0.0428", "2024-04-04"),
            entry("azure", "eastus", "Standard_D2s_v3", "2", "8", "0.096", null, "2026-06-18"),
            entry("oci", "eu-amsterdam-1", "VM.Standard.E4.Flex$_2_8", "2", "8", "0.037", "0.0185", null),
            entry("alibaba", "cn-hangzhou", "ecs.c7.2xlarge", "8", "16", "1.630795", null, "2024-10-09"));

    private static PriceBook book(List<RateCard> cards, List<Discount> discounts) {
        return new PriceBook(new InstanceCatalog(CATALOG), cards, discounts, ECB, PricingPolicy.openCostDefaults(), NOW);
    }

    private final PriceBook book = book(List.of(), List.of());

    @Test
    void listedOnDemandPriceKeepsSourceAndDate() {
        InstanceQuote quote = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large")).orElseThrow();

        assertThat(quote.hourly()).isEqualTo(Money.of("0.096", "USD"));
        assertThat(quote.provenance().source()).isEqualTo("test:aws");
        assertThat(quote.provenance().effectiveDate()).contains(LocalDate.parse("2026-07-20"));
        assertThat(quote.provenance().estimated()).isFalse();
        // 2026-07-20 -> 2026-11-26 is 129 days, within the default 400
        assertThat(quote.provenance().stale()).isFalse();
    }

    @Test
    void lookupIgnoresCase() {
        assertThat(book.instancePrice(PriceQuery.onDemand("AWS", "US-EAST-1", "M5.Large"))).isPresent();
        assertThat(book.instancePrice(PriceQuery.onDemand("azure", "eastus", "standard_d2s_v3"))).isPresent();
    }

    @Test
    void oldAndUndatedPricesAreStale() {
        // 2024-04-04 -> 2026-11-26 is 966 days > 400
        Provenance euWest = book.instancePrice(PriceQuery.onDemand("aws", "eu-west-1", "m5.large")).orElseThrow().provenance();
        assertThat(euWest.stale()).isTrue();
        assertThat(euWest.caveats()).anyMatch(c -> c.contains("966 days old"));
        Provenance oci = book.instancePrice(PriceQuery.onDemand("oci", "eu-amsterdam-1", "VM.Standard.E4.Flex$_2_8")).orElseThrow().provenance();
        assertThat(oci.stale()).isTrue();
        assertThat(oci.caveats()).anyMatch(c -> c.contains("no date"));
    }

    @Test
    void spotIsListedOrDerivedFromTheRegionsMedianSpotRatio() {
        InstanceQuote listed = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withCapacity(CapacityType.SPOT)).orElseThrow();
        assertThat(listed.hourly()).isEqualTo(Money.of("0.0384", "USD"));
        assertThat(listed.provenance().estimated()).isFalse();

        // us-east-1 spot ratios: 0.0384/0.096 = 0.4, 0.096/0.192 = 0.5 -> median 0.45; 0.384 × 0.45 = 0.1728
        InstanceQuote derived = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.2xlarge").withCapacity(CapacityType.PREEMPTIBLE)).orElseThrow();
        assertThat(derived.hourly().amount()).isEqualByComparingTo("0.1728");
        assertThat(derived.provenance().estimated()).isTrue();
        assertThat(derived.provenance().estimationBasis()).contains("0.45").contains("aws us-east-1");

        // azure lists no spot at all: configured ratio 0.3; 0.096 × 0.3 = 0.0288
        InstanceQuote azure = book.instancePrice(PriceQuery.onDemand("azure", "eastus", "Standard_D2s_v3").withCapacity(CapacityType.SPOT)).orElseThrow();
        assertThat(azure.hourly().amount()).isEqualByComparingTo("0.0288");
        assertThat(azure.provenance().estimationBasis()).contains("configured spot-to-on-demand ratio");
    }

    @Test
    void reservedAndWindowsAreOnDemandLinuxPricesFlaggedEstimated() {
        InstanceQuote reserved = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withCapacity(CapacityType.RESERVED)).orElseThrow();
        assertThat(reserved.hourly().amount()).isEqualByComparingTo("0.096");
        assertThat(reserved.provenance().estimated()).isTrue();
        InstanceQuote windows = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withOs(OperatingSystem.WINDOWS)).orElseThrow();
        assertThat(windows.provenance().estimated()).isTrue();
        assertThat(windows.provenance().estimationBasis()).contains("Windows");
    }

    @Test
    void unknownTypeWithoutShapeIsNotFound() {
        assertThat(book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.48xlarge"))).isEmpty();
    }

    @Test
    void unknownTypeIsPricedFromItsFamilyMedianRates() {
        // m5 us-east-1 members split with k = 7.4618542593 all give cpu 0.0312487837, memory 0.0041878041
        // (they are exact multiples of m5.large), so m5.48xlarge (192 vCPU, 768 GiB) = 96 m5.large = 96 × 0.096 = 9.216
        InstanceQuote quote = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.48xlarge")
                .withShape(InstanceShape.of("192", "768"))).orElseThrow();

        assertThat(quote.hourly().amount()).isCloseTo(new BigDecimal("9.216"), within(NANO));
        assertThat(quote.provenance().estimated()).isTrue();
        assertThat(quote.provenance().estimationBasis()).contains("m5 family in aws us-east-1").contains("3 types");
    }

    @Test
    void unknownProviderFallsBackToConfiguredDefaults() {
        // 4 × 0.021811 + 16 × 0.002923 = 0.087244 + 0.046768 = 0.134012
        NodeRatesQuote rates = book.nodeRates(new PriceQuery("hetzner", "fsn1", "cx41", CapacityType.ON_DEMAND,
                OperatingSystem.LINUX, Optional.of(InstanceShape.of("4", "16")), Optional.empty()));

        assertThat(rates.nodePerHour()).hasValueSatisfying(m -> assertThat(m.amount()).isEqualByComparingTo("0.134012"));
        assertThat(rates.rates().cpuPerVcpuHour()).isEqualByComparingTo("0.021811");
        assertThat(rates.provenance().estimated()).isTrue();
        assertThat(rates.provenance().estimationBasis()).contains("configured default on-demand rates");
        assertThat(rates.nodePriceListed()).isFalse();
    }

    @Test
    void knownNodeIsSplitAndFlaggedAsEstimatedRatesOfAListedPrice() {
        NodeRatesQuote rates = book.nodeRates(PriceQuery.onDemand("aws", "us-east-1", "m5.large"));

        assertThat(rates.nodePerHour()).contains(Money.of("0.096", "USD"));
        assertThat(rates.nodePriceListed()).isTrue();
        assertThat(rates.provenance().estimated()).isTrue();
        assertThat(rates.provenance().estimationBasis()).contains("ratio method").contains("7.46:1");
        assertThat(rates.rates().cpuPerVcpuHour()).isCloseTo(new BigDecimal("0.031248783691"), within(NANO));
        assertThat(rates.rates().memoryPerGibHour()).isCloseTo(new BigDecimal("0.004187804077"), within(NANO));
    }

    @Test
    void authoritativeRateCardPricesOnPremNodesWithoutEstimate() {
        RateCard onPrem = new RateCard("onprem", Optional.of("dc1"), Optional.empty(), CapacityType.ON_DEMAND,
                ResourceRates.of("0.02", "0.003", "1.10", "EUR"), "custom:prices.yaml", Optional.of(LocalDate.parse("2026-11-01")), true);
        PriceBook withCard = book(List.of(onPrem), List.of());

        // 16 × 0.02 + 64 × 0.003 + 2 × 1.10 = 0.32 + 0.192 + 2.2 = 2.712 EUR; in USD × 1.1790 = 3.197448
        NodeRatesQuote rates = withCard.nodeRates(new PriceQuery("onprem", "dc1", "", CapacityType.ON_DEMAND,
                OperatingSystem.LINUX, Optional.of(InstanceShape.of("16", "64", 2, "a100")), Optional.empty()));

        assertThat(rates.nodePerHour()).hasValueSatisfying(m -> assertThat(m).isEqualTo(new Money(m.amount(), "USD")));
        assertThat(rates.nodePerHour().orElseThrow().amount()).isCloseTo(new BigDecimal("3.197448"), within(NANO));
        assertThat(rates.provenance().estimated()).isFalse();
        assertThat(rates.provenance().source()).contains("custom:prices.yaml").contains("EUR->USD");
    }

    @Test
    void mostSpecificDiscountWins() {
        Discount enterprise = new Discount("edp", "aws", Optional.empty(), Optional.empty(), Optional.empty(), new BigDecimal("10"));
        Discount savingsPlan = new Discount("m5 savings plan", "aws", Optional.of("us-east-1"), Optional.of("m5."),
                Optional.of(CapacityType.ON_DEMAND), new BigDecimal("28"));
        PriceBook discounted = book(List.of(), List.of(enterprise, savingsPlan));

        // 0.096 × (1 − 0.28) = 0.06912
        InstanceQuote m5 = discounted.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large")).orElseThrow();
        assertThat(m5.hourly().amount()).isEqualByComparingTo("0.06912");
        assertThat(m5.provenance().source()).contains("28% discount 'm5 savings plan'");
        // spot is outside the savings plan; the enterprise 10 % applies: 0.0384 × 0.9 = 0.03456
        InstanceQuote spot = discounted.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withCapacity(CapacityType.SPOT)).orElseThrow();
        assertThat(spot.hourly().amount()).isEqualByComparingTo("0.03456");
    }

    @Test
    void convertsIntoTheRequestedCurrency() {
        // 0.096 USD × 0.88180 / 1.1790 = 0.0718005089...
        InstanceQuote gbp = book.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withCurrency("GBP")).orElseThrow();
        assertThat(gbp.hourly().currency()).isEqualTo("GBP");
        assertThat(gbp.hourly().amount()).isCloseTo(new BigDecimal("0.071800508906"), within(NANO));
        assertThat(gbp.provenance().source()).contains("converted USD->GBP at ECB 2026-11-25");
        assertThat(gbp.provenance().stale()).isFalse();

        // Alibaba's CNY in the default USD: 1.630795 × 1.1790 / 7.5518 = 0.2546025193
        InstanceQuote alibaba = book.instancePrice(PriceQuery.onDemand("alibaba", "cn-hangzhou", "ecs.c7.2xlarge")).orElseThrow();
        assertThat(alibaba.hourly().currency()).isEqualTo("USD");
        assertThat(alibaba.hourly().amount()).isCloseTo(new BigDecimal("0.254602519267"), within(NANO));
    }

    @Test
    void oldExchangeRatesMakeConvertedAnswersStale() {
        ExchangeRates old = new ExchangeRates("EUR", LocalDate.parse("2018-06-11"), "ECB", Map.of("USD", new BigDecimal("1.1790"),
                "GBP", new BigDecimal("0.88180"), "CNY", new BigDecimal("7.5518")));
        PriceBook withOldRates = new PriceBook(new InstanceCatalog(CATALOG), List.of(), List.of(), old, PricingPolicy.openCostDefaults(), NOW);

        Provenance usd = withOldRates.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large")).orElseThrow().provenance();
        Provenance gbp = withOldRates.instancePrice(PriceQuery.onDemand("aws", "us-east-1", "m5.large").withCurrency("GBP")).orElseThrow().provenance();
        assertThat(usd.stale()).isFalse();
        assertThat(gbp.stale()).isTrue();
        assertThat(gbp.caveats()).anyMatch(c -> c.contains("exchange rates dated 2018-06-11"));
    }

    @Test
    void refusesPricesInACurrencyTheRateTableCannotConvert() {
        ExchangeRates noYuan = new ExchangeRates("EUR", LocalDate.parse("2026-11-25"), "ECB", Map.of("USD", new BigDecimal("1.1790")));
        assertThatThrownBy(() -> new PriceBook(new InstanceCatalog(CATALOG), List.of(), List.of(), noYuan, PricingPolicy.openCostDefaults(), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[CNY]");
    }

    @Test
    void listingPagesResumeAfterTheLastItem() {
        ListingPage first = book.list("aws", Optional.empty(), Optional.empty(), 2, Optional.empty());
        assertThat(first.items()).extracting(i -> i.entry().region() + "/" + i.entry().instanceType())
                .containsExactly("eu-west-1/m5.large", "us-east-1/m5.2xlarge");
        ListingPage second = book.list("aws", Optional.empty(), Optional.empty(), 2, first.resumeAfter());
        assertThat(second.items()).extracting(i -> i.entry().instanceType()).containsExactly("m5.large", "m5.xlarge");
        assertThat(second.resumeAfter()).isEmpty();
        assertThat(second.items().get(1).spotHourly()).contains(Money.of("0.096", "USD"));
        assertThat(first.items().get(1).spotHourly()).as("listing shows only listed prices").isEmpty();
    }
}
