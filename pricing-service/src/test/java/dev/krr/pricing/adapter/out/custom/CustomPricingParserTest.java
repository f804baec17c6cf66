package dev.krr.pricing.adapter.out.custom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.Discount;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.RateCard;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CustomPricingParserTest {

    private static final LocalDate MODIFIED = LocalDate.parse("2026-11-20");

    @Test
    void readsAllThreeKindsFromCsv() {
        String csv = """
                kind,provider,region,instance_type,capacity_type,currency,price_per_hour,vcpu,memory_gib,family,cpu_per_vcpu_hour,memory_per_gib_hour,gpu_per_hour,instance_type_prefix,percent,name,effective_date
                # on-prem boxes
                instance,onprem,dc1,big-box,on-demand,EUR,1.20,64,512,,,,,,,,2026-11-01
                instance,onprem,dc1,big-box,spot,EUR,0.40,,,,,,,,,,
                rates,onprem,dc1,,,EUR,,,,,0.02,0.003,1.10,,,,
                discount,aws,us-east-1,,on-demand,,,,,,,,,m5.,28,"m5 savings plan, 3 years",
                """;
        CustomPricingParser.Result result = new CustomPricingParser("prices.csv", MODIFIED).parse(csv);

        assertThat(result.errors()).isEmpty();
        PriceData data = result.data().orElseThrow();
        CatalogEntry box = data.entries().get(0);
        assertThat(box.onDemand().orElseThrow().hourly()).isEqualTo(Money.of("1.20", "EUR"));
        assertThat(box.onDemand().orElseThrow().effectiveDate()).contains(LocalDate.parse("2026-11-01"));
        assertThat(box.spot().orElseThrow().hourly()).isEqualTo(Money.of("0.40", "EUR"));
        assertThat(box.spot().orElseThrow().effectiveDate()).as("no date: file modification date").contains(MODIFIED);
        assertThat(box.shape()).contains(InstanceShape.of("64", "512"));
        assertThat(box.onDemand().orElseThrow().source()).isEqualTo("custom:prices.csv");
        RateCard card = data.rateCards().get(0);
        assertThat(card.authoritative()).isTrue();
        assertThat(card.rates().gpuPerHour()).hasValueSatisfying(g -> assertThat(g).isEqualByComparingTo("1.10"));
        Discount discount = data.discounts().get(0);
        assertThat(discount.name()).isEqualTo("m5 savings plan, 3 years");
        assertThat(discount.instanceTypePrefix()).contains("m5.");
        assertThat(discount.capacityType()).contains(CapacityType.ON_DEMAND);
        assertThat(discount.percent()).isEqualByComparingTo("28");
    }

    @Test
    void readsYamlWithExactNumbers() {
        String yaml = """
                instances:
                  - provider: onprem
                    region: dc1
                    instanceType: big-box
                    onDemandPerHour: 1.20
                    vcpu: 64
                    memoryGib: 512
                    currency: EUR
                    source: finance sheet Q4
                rates:
                  - provider: onprem
                    cpu_per_vcpu_hour: 0.1
                    memory-per-gib-hour: 0.003
                discounts:
                  - provider: gcp
                    percent: 20
                    capacityType: on-demand
                """;
        CustomPricingParser.Result result = new CustomPricingParser("prices.yaml", MODIFIED).parse(yaml);

        assertThat(result.errors()).isEmpty();
        PriceData data = result.data().orElseThrow();
        // 0.1 stays 0.1, not 0.1000000000000000055511151231257827
        assertThat(data.rateCards().get(0).rates().cpuPerVcpuHour()).hasToString("0.1");
        assertThat(data.entries().get(0).onDemand().orElseThrow().hourly()).isEqualTo(Money.of("1.20", "EUR"));
        assertThat(data.entries().get(0).onDemand().orElseThrow().source()).isEqualTo("custom:prices.yaml (finance sheet Q4)");
        assertThat(data.discounts().get(0).percent()).isEqualByComparingTo("20");
    }

    @Test
    void reportsEveryBadCsvRowWithItsLineAndField() {
        String csv = """
                kind,provider,region,instance_type,price_per_hour,currency,percent
                instance,onprem,dc1,box-a,abc,EUR,
                instance,onprem,,box-b,0.5,euro,

                discount,aws,,,,,150
                thing,aws,,,,,
                """;
        CustomPricingParser.Result result = new CustomPricingParser("prices.csv", MODIFIED).parse(csv);

        assertThat(result.data()).isEmpty();
        assertThat(result.errors()).containsExactly(
                "line 2: price_per_hour: 'abc' is not a number",
                "line 2: price_per_hour (or on_demand_per_hour / spot_per_hour): an instance needs a price",
                "line 3: region: required",
                "line 3: currency: must be an ISO 4217 code such as USD, got 'euro'",
                "line 5: percent: must be between 0 and 100, got 150",
                "line 6: kind: must be instance, rates or discount, got 'thing'");
    }

    @Test
    void reportsBadYamlWithLineNumbers() {
        String yaml = """
                instances:
                  - provider: onprem
                    region: dc1
                    instanceType: box
                    onDemandPerHour: -1
                rates:
                  - provider: onprem
                    cpuPerVcpuHour: 0.02
                    colour: blue
                """;
        CustomPricingParser.Result result = new CustomPricingParser("prices.yml", MODIFIED).parse(yaml);

        assertThat(result.errors()).containsExactly(
                "line 2: on_demand_per_hour: must not be negative, got -1",
                "line 2: price_per_hour (or on_demand_per_hour / spot_per_hour): an instance needs a price",
                "line 7: colour: unknown field for kind rates",
                "line 7: memory_per_gib_hour: required for rates");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        CustomPricingParser.Result result = new CustomPricingParser("prices.yaml", MODIFIED).parse("instances:\n  - provider: [unclosed\n");
        assertThat(result.errors()).singleElement().asString().startsWith("line 3:");
    }

    @Test
    void refusesUnknownFormats() {
        assertThat(new CustomPricingParser("prices.json", MODIFIED).parse("{}").errors())
                .containsExactly("prices.json: unknown format, name the file *.csv, *.yaml or *.yml");
    }
}
