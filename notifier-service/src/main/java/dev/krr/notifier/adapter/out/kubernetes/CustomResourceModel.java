package dev.krr.notifier.adapter.out.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * The Java model of krr's custom resources (group {@value #GROUP}, version {@value #VERSION}).
 * The CRD schemas under deploy/crds are generated from these records by
 * {@link CrdSchemaGenerator}, and the exports serialise the same records, so the two cannot
 * drift apart.
 */
public final class CustomResourceModel {

    public static final String GROUP = "krr.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private CustomResourceModel() {
    }

    @Description("krr's recommendation for one workload: current and recommended resources per container, and the money.")
    public record ResourceRecommendationSpec(
            @Description("Cluster id the workload runs in.") String cluster,
            @Description("The workload the recommendation is for.") WorkloadTarget target,
            @Description("Worst severity over containers: GOOD, OK, WARNING, CRITICAL or UNKNOWN.") String severity,
            @Description("Strategy that produced the numbers.") StrategySpec strategy,
            @Description("Per-container resources; quantities in Kubernetes notation.") List<ContainerSpec> containers,
            @Description("Monthly cost of the workload.") CostSpec cost,
            @Description("When the recommendation was computed (RFC 3339).") String computedAt,
            @Description("Revision of the recommendation for this workload, growing with each change.") long revision) {
    }

    @Description("A workload reference.")
    public record WorkloadTarget(
            @Description("API version of the workload, e.g. apps/v1.") String apiVersion,
            @Description("Kind, e.g. Deployment.") String kind,
            @Description("Namespace of the workload.") String namespace,
            @Description("Name of the workload.") String name,
            @Description("Replicas when the recommendation was computed.") int replicas) {
    }

    @Description("Strategy name, its settings and their hash.")
    public record StrategySpec(
            @Description("Registered strategy name, e.g. simple.") String name,
            @Description("Effective settings as text.") Map<String, String> settings,
            @Description("Stable hash of the settings.") String settingsHash) {
    }

    @Description("One container's resources.")
    public record ContainerSpec(
            @Description("Container name.") String name,
            @Description("Severity of this container.") String severity,
            @Description("Resources as they are now.") ResourcesSpec current,
            @Description("Resources krr recommends; an absent key means unset.") ResourcesSpec recommended,
            @Description("Why a resource has no recommendation, keyed by resource name.") Map<String, String> noRecommendationReasons) {
    }

    @Description("Requests and limits as Kubernetes quantities (cpu: 250m, memory: 256Mi).")
    public record ResourcesSpec(
            @Description("Requests by resource name.") Map<String, String> requests,
            @Description("Limits by resource name.") Map<String, String> limits) {
    }

    @Description("Monthly money in one currency, as decimal strings.")
    public record CostSpec(
            @Description("ISO 4217 currency code; empty when unknown.") String currency,
            @Description("Monthly cost with the current requests.") String currentMonthly,
            @Description("Monthly cost with the recommended requests.") String recommendedMonthly,
            @Description("current - recommended; negative when the recommendation costs more.") String savingsMonthly,
            @Description("True when no price was known; the amounts are then empty.") boolean unknown,
            @Description("Where the price came from.") String priceSource) {
    }

    @Description("One scan's summary over all clusters: totals per cluster and namespace, and the workloads it covers.")
    public record RecommendationReportSpec(
            @Description("When the report was generated (RFC 3339).") String generatedAt,
            @Description("Number of workloads in the report.") int workloads,
            @Description("Totals per cluster, namespace and currency.") List<ReportGroup> groups,
            @Description("The workloads, most savings first.") List<ReportItem> items) {
    }

    @Description("Totals of one cluster and namespace in one currency.")
    public record ReportGroup(
            @Description("Cluster id.") String cluster,
            @Description("Namespace.") String namespace,
            @Description("Currency; empty when no workload had a price.") String currency,
            @Description("Monthly cost now.") String currentMonthly,
            @Description("Monthly cost when recommendations are applied.") String recommendedMonthly,
            @Description("Monthly savings.") String savingsMonthly,
            @Description("Workloads in the group.") int workloads,
            @Description("Workloads without a price.") int unknownCostWorkloads,
            @Description("Workloads by severity.") Map<String, Integer> severityCounts,
            @Description("KRR score 0..100 over the group's containers.") double score,
            @Description("KRR grade A..F.") String grade) {
    }

    @Description("A workload in a report.")
    public record ReportItem(
            @Description("Cluster id.") String cluster,
            @Description("Namespace.") String namespace,
            @Description("Kind.") String kind,
            @Description("Name.") String name,
            @Description("Severity.") String severity,
            @Description("Currency of the savings.") String currency,
            @Description("Monthly savings; empty when unknown.") String savingsMonthly) {
    }
}
