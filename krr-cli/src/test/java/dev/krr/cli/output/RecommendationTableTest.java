package dev.krr.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Moneys;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.events.v1.WorkloadCost;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecommendationTableTest {

    static Recommendation rec(String name, String current, String recommended, String savings) {
        return Recommendation.newBuilder().setCluster("demo").setNamespace("shop").setKind("Deployment").setName(name)
                .setSeverity(Severity.SEVERITY_CRITICAL)
                .addContainers(ContainerRecommendation.newBuilder().setContainer("app").setSeverity(Severity.SEVERITY_CRITICAL)
                        .addResources(ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_CPU_MILLICORES)
                                .setCurrentRequest(1000).setRecommendedRequest(120))
                        .addResources(ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_MEMORY_BYTES)
                                .setCurrentRequest(2L << 30).setCurrentLimit(2L << 30)
                                .setRecommendedRequest(300L << 20).setRecommendedLimit(300L << 20)))
                .setCost(WorkloadCost.newBuilder()
                        .setCurrentMonthly(Moneys.of(new BigDecimal(current), "USD"))
                        .setRecommendedMonthly(Moneys.of(new BigDecimal(recommended), "USD"))
                        .setSavingsMonthly(Moneys.of(new BigDecimal(savings), "USD")))
                .build();
    }

    @Test
    void rendersCellsSavingsAndTotals() {
        String table = RecommendationTable.render(List.of(
                rec("small", "10.00", "8.00", "2.00"),
                rec("big", "70.08", "20.01", "50.07")));
        // biggest savings first
        assertThat(table.indexOf("Deployment/big")).isLessThan(table.indexOf("Deployment/small"));
        assertThat(table).contains("1 -> 120m", "unset -> unset", "2Gi -> 300Mi", "CRITICAL", "50.07 USD");
        // 70.08 + 10.00 = 80.08; 20.01 + 8.00 = 28.01; 50.07 + 2.00 = 52.07
        assertThat(table).contains("Total per month (USD): current 80.08 -> recommended 28.01, savings 52.07");
        assertThat(table).contains("2 workloads");
    }

    @Test
    void unknownCostIsSaidNotZeroed() {
        Recommendation r = rec("x", "1", "1", "0").toBuilder()
                .setCost(WorkloadCost.newBuilder().setUnknown(true).setUnknownReason("no node rates")).build();
        assertThat(RecommendationTable.render(List.of(r))).contains("unknown").contains("cost unknown").doesNotContain("0.00");
    }

    @Test
    void noRecommendationShowsTheReason() {
        Recommendation r = rec("x", "1", "1", "0").toBuilder().setContainers(0, ContainerRecommendation.newBuilder()
                .setContainer("app").setSeverity(Severity.SEVERITY_UNKNOWN)
                .addResources(ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_CPU_MILLICORES)
                        .setCurrentRequest(250).setNoRecommendationReason("Not enough data"))).build();
        assertThat(RecommendationTable.render(List.of(r))).contains("250m -> ? (Not enough data)").contains("UNKNOWN");
    }

    @ParameterizedTest
    @CsvSource({"250, 250m", "1000, 1", "1500, 1.5", "2125, 2.13"})
    void cpu(long millicores, String text) {
        assertThat(Quantities.cpu(millicores)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"314572800, 300Mi", "2147483648, 2Gi", "1610612736, 1.5Gi", "512, 512B"})
    void memory(long bytes, String text) {
        assertThat(Quantities.memory(bytes)).isEqualTo(text);
    }
}
