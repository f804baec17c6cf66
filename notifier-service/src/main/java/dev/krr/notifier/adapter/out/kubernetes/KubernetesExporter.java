package dev.krr.notifier.adapter.out.kubernetes;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.Digest;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.Severity;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes exports of the recommendations, as multi-document YAML:
 * <ul>
 * <li>strategic-merge patches of the workloads' container resources, one per workload, ready for
 * {@code kubectl patch <kind> <name> -n <ns> --type strategic --patch-file <doc>}: requests and
 * limits set to the recommended quantities, and set to null (removed) where krr recommends
 * "unset" but the workload has one;</li>
 * <li>{@code ResourceRecommendation} custom resources, one per workload, in its namespace;</li>
 * <li>one {@code RecommendationReport} custom resource for the whole scan.</li>
 * </ul>
 * Workloads without any recommendation (all resources "no recommendation") get no patch.
 */
public final class KubernetesExporter {

    static final String CLUSTER_ANNOTATION = CustomResourceModel.GROUP + "/cluster";
    private static final DateTimeFormatter REPORT_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final YAMLMapper yaml = KubernetesYaml.mapper();
    private final Clock clock;

    public KubernetesExporter(Clock clock) {
        this.clock = clock;
    }

    /** apiVersion of a workload kind krr recommends for. */
    static String apiVersion(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" -> "apps/v1";
            case "Job", "CronJob" -> "batch/v1";
            case "Rollout" -> "argoproj.io/v1alpha1";
            case "DeploymentConfig" -> "apps.openshift.io/v1";
            default -> "v1";
        };
    }

    public void writePatches(List<WorkloadRecommendation> recommendations, Writer out) throws IOException {
        for (WorkloadRecommendation r : recommendations) {
            Map<String, Object> patch = patch(r);
            if (patch != null) {
                out.write(yaml.writeValueAsString(patch));
            }
        }
    }

    /** The patch of one workload, or null when nothing is recommended. */
    Map<String, Object> patch(WorkloadRecommendation r) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerRecommendation c : r.containers()) {
            Map<String, Object> requests = new LinkedHashMap<>();
            Map<String, Object> limits = new LinkedHashMap<>();
            for (ResourceRecommendation rr : c.resources()) {
                if (!rr.noRecommendationReason().isEmpty()) {
                    continue;
                }
                String name = rr.resource().externalName();
                if (rr.recommendedRequest() != null) {
                    requests.put(name, rr.resource().quantity(rr.recommendedRequest()));
                } else if (rr.currentRequest() != null) {
                    requests.put(name, null);
                }
                if (rr.recommendedLimit() != null) {
                    limits.put(name, rr.resource().quantity(rr.recommendedLimit()));
                } else if (rr.currentLimit() != null) {
                    limits.put(name, null);
                }
            }
            if (requests.isEmpty() && limits.isEmpty()) {
                continue;
            }
            Map<String, Object> resources = new LinkedHashMap<>();
            if (!requests.isEmpty()) {
                resources.put("requests", requests);
            }
            if (!limits.isEmpty()) {
                resources.put("limits", limits);
            }
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", c.container());
            container.put("resources", resources);
            containers.add(container);
        }
        if (containers.isEmpty()) {
            return null;
        }
        Map<String, Object> podSpec = Map.of("template", Map.of("spec", Map.of("containers", containers)));
        Map<String, Object> spec = r.workload().kind().equals("CronJob")
                ? Map.of("jobTemplate", Map.of("spec", podSpec)) : podSpec;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", apiVersion(r.workload().kind()));
        doc.put("kind", r.workload().kind());
        doc.put("metadata", metadata(r.workload().name(), r.workload().namespace(),
                Map.of(CLUSTER_ANNOTATION, r.workload().cluster())));
        doc.put("spec", spec);
        return doc;
    }

    public void writeResourceRecommendations(List<WorkloadRecommendation> recommendations, Writer out) throws IOException {
        for (WorkloadRecommendation r : recommendations) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("apiVersion", CustomResourceModel.API_VERSION);
            doc.put("kind", "ResourceRecommendation");
            Map<String, Object> metadata = metadata(resourceName(r), r.workload().namespace(), Map.of());
            metadata.put("labels", Map.of(CLUSTER_ANNOTATION, r.workload().cluster(),
                    "app.kubernetes.io/managed-by", "krr"));
            doc.put("metadata", metadata);
            doc.put("spec", spec(r));
            out.write(yaml.writeValueAsString(doc));
        }
    }

    public void writeReport(List<WorkloadRecommendation> recommendations, List<NamespaceSummary> summaries, Writer out)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", CustomResourceModel.API_VERSION);
        doc.put("kind", "RecommendationReport");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "krr-report-" + REPORT_NAME.format(clock.instant()));
        doc.put("metadata", metadata);
        doc.put("spec", reportSpec(recommendations, summaries));
        out.write(yaml.writeValueAsString(doc));
    }

    CustomResourceModel.RecommendationReportSpec reportSpec(List<WorkloadRecommendation> recommendations,
                                                            List<NamespaceSummary> summaries) {
        List<CustomResourceModel.ReportGroup> groups = new ArrayList<>();
        for (NamespaceSummary s : summaries) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Severity sev : Severity.values()) {
                counts.put(sev.name(), s.severityCounts().getOrDefault(sev, 0));
            }
            groups.add(new CustomResourceModel.ReportGroup(s.cluster(), s.namespace(), s.currency(),
                    RecommendationJson.money(s.currentMonthly()), RecommendationJson.money(s.recommendedMonthly()),
                    RecommendationJson.money(s.savingsMonthly()), s.workloads(), s.unknownCostWorkloads(), counts,
                    s.score().value(), s.score().grade()));
        }
        List<WorkloadRecommendation> bySavings = new ArrayList<>(recommendations);
        bySavings.sort(Digest.BY_SAVINGS);
        List<CustomResourceModel.ReportItem> items = new ArrayList<>();
        for (WorkloadRecommendation r : bySavings) {
            items.add(new CustomResourceModel.ReportItem(r.workload().cluster(), r.workload().namespace(),
                    r.workload().kind(), r.workload().name(), r.severity().name(), r.cost().currency(),
                    r.cost().unknown() ? "" : RecommendationJson.money(r.cost().savingsMonthly())));
        }
        return new CustomResourceModel.RecommendationReportSpec(clock.instant().toString(), recommendations.size(),
                groups, items);
    }

    CustomResourceModel.ResourceRecommendationSpec spec(WorkloadRecommendation r) {
        List<CustomResourceModel.ContainerSpec> containers = new ArrayList<>();
        for (ContainerRecommendation c : r.containers()) {
            Map<String, String> curReq = new LinkedHashMap<>();
            Map<String, String> curLim = new LinkedHashMap<>();
            Map<String, String> recReq = new LinkedHashMap<>();
            Map<String, String> recLim = new LinkedHashMap<>();
            Map<String, String> reasons = new LinkedHashMap<>();
            for (ResourceRecommendation rr : c.resources()) {
                String n = rr.resource().externalName();
                put(curReq, n, rr, rr.currentRequest());
                put(curLim, n, rr, rr.currentLimit());
                put(recReq, n, rr, rr.recommendedRequest());
                put(recLim, n, rr, rr.recommendedLimit());
                if (!rr.noRecommendationReason().isEmpty()) {
                    reasons.put(n, rr.noRecommendationReason());
                }
            }
            containers.add(new CustomResourceModel.ContainerSpec(c.container(), c.severity().name(),
                    new CustomResourceModel.ResourcesSpec(curReq, curLim),
                    new CustomResourceModel.ResourcesSpec(recReq, recLim), reasons));
        }
        CustomResourceModel.CostSpec cost = r.cost().unknown()
                ? new CustomResourceModel.CostSpec("", "", "", "", true, r.cost().priceSource())
                : new CustomResourceModel.CostSpec(r.cost().currency(), RecommendationJson.money(r.cost().currentMonthly()),
                RecommendationJson.money(r.cost().recommendedMonthly()), RecommendationJson.money(r.cost().savingsMonthly()),
                false, r.cost().priceSource());
        return new CustomResourceModel.ResourceRecommendationSpec(r.workload().cluster(),
                new CustomResourceModel.WorkloadTarget(apiVersion(r.workload().kind()), r.workload().kind(),
                        r.workload().namespace(), r.workload().name(), r.replicas()),
                r.severity().name(),
                new CustomResourceModel.StrategySpec(r.strategy().name(), r.strategy().settings(), r.strategy().settingsHash()),
                containers, cost, r.computedAt().toString(), r.revision());
    }

    private static void put(Map<String, String> m, String name, ResourceRecommendation rr, Long v) {
        if (v != null) {
            m.put(name, rr.resource().quantity(v));
        }
    }

    /**
     * A DNS-1123 name for a workload's ResourceRecommendation: {@code <cluster>-<kind>-<name>},
     * lower-cased, other characters replaced by '-', at most 253 characters.
     */
    static String resourceName(WorkloadRecommendation r) {
        String raw = (r.workload().cluster() + "-" + r.workload().kind() + "-" + r.workload().name()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        return raw.length() > 253 ? raw.substring(0, 253).replaceAll("[^a-z0-9]+$", "") : raw;
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, String> annotations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("namespace", namespace);
        if (!annotations.isEmpty()) {
            m.put("annotations", annotations);
        }
        return m;
    }
}
