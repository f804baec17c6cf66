package dev.krr.strategy.adapter.out.kafka;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.krr.contracts.Moneys;
import dev.krr.events.v1.AlternativeRecommendation;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.ContainerRole;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.events.v1.StrategyRef;
import dev.krr.events.v1.WorkloadCost;
import dev.krr.strategy.domain.ContainerAdvice;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.ResourceAdvice;
import dev.krr.strategy.domain.WorkloadRecommendation;
import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.types.v1.PriceProvenance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Turns domain recommendations into the {@link Recommendation} contract, and contracts into emission fingerprints. */
public final class RecommendationMapper {

    /** Numbers inside info lines (e.g. VPA bounds) move with every batch; the fingerprint keeps the lines' words only. */
    private static final Pattern NUMBERS = Pattern.compile("[0-9.]+");
    /**
     * Strategies are few and their settings fixed, so each one's contract form (a settings map
     * that protobuf would otherwise rebuild, size and hash per recommendation) is built once.
     */
    private static final Map<dev.krr.strategy.domain.StrategyRef, StrategyRef> STRATEGY_REFS = new ConcurrentHashMap<>();

    private RecommendationMapper() {
    }

    public static Recommendation toProto(WorkloadRecommendation r, long revision) {
        Recommendation.Builder b = Recommendation.newBuilder()
                .setCluster(r.cluster()).setNamespace(r.namespace()).setKind(r.kind()).setName(r.name())
                .setReplicas(r.replicas())
                .setStrategy(strategy(r.strategy()))
                .setSeverity(severity(r.severity()))
                .setCost(cost(r.cost()))
                .setComputedAt(timestamp(r.computedAt()))
                .setRevision(revision);
        r.containers().forEach(c -> b.addContainers(container(c)));
        for (WorkloadRecommendation.Alternative a : r.alternatives()) {
            AlternativeRecommendation.Builder ab = AlternativeRecommendation.newBuilder()
                    .setStrategy(strategy(a.strategy())).setCost(cost(a.cost())).setSeverity(severity(a.severity()));
            a.containers().forEach(c -> ab.addContainers(container(c)));
            b.addAlternatives(ab);
        }
        return b.build();
    }

    private static StrategyRef strategy(dev.krr.strategy.domain.StrategyRef s) {
        return STRATEGY_REFS.computeIfAbsent(s, r -> StrategyRef.newBuilder().setName(r.name()).putAllSettings(r.settings())
                .setSettingsHash(r.settingsHash()).build());
    }

    private static ContainerRecommendation container(ContainerAdvice c) {
        return ContainerRecommendation.newBuilder()
                .setContainer(c.container())
                .setRole(switch (c.role()) {
                    case MAIN -> ContainerRole.CONTAINER_ROLE_MAIN;
                    case INIT -> ContainerRole.CONTAINER_ROLE_INIT;
                    case SIDECAR -> ContainerRole.CONTAINER_ROLE_SIDECAR;
                    case INJECTED -> ContainerRole.CONTAINER_ROLE_INJECTED;
                })
                .addResources(resource(c.cpu()))
                .addResources(resource(c.memory()))
                .setDataPoints(c.dataPoints())
                .setHistorySpan(Duration.newBuilder().setSeconds(c.historySpan().getSeconds()).setNanos(c.historySpan().getNano()))
                .setConfidence(c.confidence())
                .setSeverity(severity(c.severity()))
                .addAllInfo(c.info())
                .build();
    }

    private static ResourceRecommendation resource(ResourceAdvice a) {
        ResourceRecommendation.Builder b = ResourceRecommendation.newBuilder()
                .setResource(a.kind() == ResourceKind.CPU ? Resource.RESOURCE_CPU_MILLICORES : Resource.RESOURCE_MEMORY_BYTES)
                .setSeverity(severity(a.severity()));
        if (a.currentRequest() != null) {
            b.setCurrentRequest(a.currentRequest());
        }
        if (a.currentLimit() != null) {
            b.setCurrentLimit(a.currentLimit());
        }
        if (a.recommendedRequest() != null) {
            b.setRecommendedRequest(a.recommendedRequest());
        }
        if (a.recommendedLimit() != null) {
            b.setRecommendedLimit(a.recommendedLimit());
        }
        if (a.noRecommendationReason() != null) {
            b.setNoRecommendationReason(a.noRecommendationReason());
        }
        return b.build();
    }

    static WorkloadCost cost(dev.krr.strategy.domain.cost.WorkloadCost c) {
        if (c.unknown()) {
            return WorkloadCost.newBuilder().setUnknown(true).setUnknownReason(c.unknownReason()).build();
        }
        return WorkloadCost.newBuilder()
                .setCurrentMonthly(Moneys.of(c.currentMonthly(), c.currency()))
                .setRecommendedMonthly(Moneys.of(c.recommendedMonthly(), c.currency()))
                .setSavingsMonthly(Moneys.of(c.savingsMonthly(), c.currency()))
                .setPrice(PriceProvenance.newBuilder().setSource(c.source()).setEffectiveDate(c.effectiveDate())
                        .setEstimated(c.estimated()).setEstimationBasis(c.estimationBasis()).setStale(c.stale()))
                .build();
    }

    static Severity severity(dev.krr.strategy.domain.strategy.Severity s) {
        return switch (s) {
            case UNKNOWN -> Severity.SEVERITY_UNKNOWN;
            case GOOD -> Severity.SEVERITY_GOOD;
            case OK -> Severity.SEVERITY_OK;
            case WARNING -> Severity.SEVERITY_WARNING;
            case CRITICAL -> Severity.SEVERITY_CRITICAL;
        };
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    /**
     * Whether {@code next} says something materially different from {@code previous}: the same
     * decision as comparing their {@link #fingerprint}s with {@link EmissionPolicy#isMaterial(EmissionPolicy.Fingerprint,
     * EmissionPolicy.Fingerprint)}, made by walking both messages side by side instead of building
     * two maps of ~60 string keys per workload and punctuation. Where the two shapes differ (other
     * strategies, containers or resources, or the same ones in another order) it answers true,
     * which only ever publishes once more.
     */
    public static boolean materiallyDifferent(Recommendation previous, Recommendation next, EmissionPolicy policy) {
        if (!sameStrategy(previous.getStrategy(), next.getStrategy()) || previous.getReplicas() != next.getReplicas()
                || previous.getSeverity() != next.getSeverity()
                || containersDiffer(previous.getContainersList(), next.getContainersList(), policy)
                || costDiffers(previous.getCost(), next.getCost(), policy)
                || previous.getAlternativesCount() != next.getAlternativesCount()) {
            return true;
        }
        for (int i = 0; i < next.getAlternativesCount(); i++) {
            AlternativeRecommendation a = previous.getAlternatives(i);
            AlternativeRecommendation b = next.getAlternatives(i);
            if (!sameStrategy(a.getStrategy(), b.getStrategy()) || a.getSeverity() != b.getSeverity()
                    || containersDiffer(a.getContainersList(), b.getContainersList(), policy)
                    || costDiffers(a.getCost(), b.getCost(), policy)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameStrategy(StrategyRef a, StrategyRef b) {
        return a.getName().equals(b.getName()) && a.getSettingsHash().equals(b.getSettingsHash());
    }

    private static boolean containersDiffer(List<ContainerRecommendation> previous, List<ContainerRecommendation> next,
                                            EmissionPolicy policy) {
        if (previous.size() != next.size()) {
            return true;
        }
        for (int i = 0; i < next.size(); i++) {
            ContainerRecommendation a = previous.get(i);
            ContainerRecommendation b = next.get(i);
            if (!a.getContainer().equals(b.getContainer()) || a.getSeverity() != b.getSeverity()
                    || !sameIgnoringNumbers(String.join("|", a.getInfoList()), String.join("|", b.getInfoList()))
                    || a.getResourcesCount() != b.getResourcesCount()) {
                return true;
            }
            for (int j = 0; j < b.getResourcesCount(); j++) {
                if (resourceDiffers(a.getResources(j), b.getResources(j), policy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean resourceDiffers(ResourceRecommendation a, ResourceRecommendation b, EmissionPolicy policy) {
        return a.getResource() != b.getResource() || a.getSeverity() != b.getSeverity()
                || !a.getNoRecommendationReason().equals(b.getNoRecommendationReason())
                || a.hasCurrentRequest() != b.hasCurrentRequest() || a.getCurrentRequest() != b.getCurrentRequest()
                || a.hasCurrentLimit() != b.hasCurrentLimit() || a.getCurrentLimit() != b.getCurrentLimit()
                || a.hasRecommendedRequest() != b.hasRecommendedRequest() || a.hasRecommendedLimit() != b.hasRecommendedLimit()
                || a.hasRecommendedRequest() && policy.isMaterial(a.getRecommendedRequest(), b.getRecommendedRequest())
                || a.hasRecommendedLimit() && policy.isMaterial(a.getRecommendedLimit(), b.getRecommendedLimit());
    }

    private static boolean costDiffers(WorkloadCost a, WorkloadCost b, EmissionPolicy policy) {
        if (a.getUnknown() != b.getUnknown() || a.getPrice().getStale() != b.getPrice().getStale()
                || a.getPrice().getEstimated() != b.getPrice().getEstimated()
                || !a.getCurrentMonthly().getCurrencyCode().equals(b.getCurrentMonthly().getCurrencyCode())) {
            return true;
        }
        return !a.getUnknown() && (policy.isMaterial(money(a.getCurrentMonthly()), money(b.getCurrentMonthly()))
                || policy.isMaterial(money(a.getRecommendedMonthly()), money(b.getRecommendedMonthly())));
    }

    /** Equal once every run of digits and dots counts as one token (what {@link #NUMBERS} does to info lines). */
    static boolean sameIgnoringNumbers(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            boolean na = isNumberChar(a.charAt(i));
            boolean nb = isNumberChar(b.charAt(j));
            if (na && nb) {
                while (i < a.length() && isNumberChar(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && isNumberChar(b.charAt(j))) {
                    j++;
                }
            } else if (na || nb || a.charAt(i) != b.charAt(j)) {
                return false;
            } else {
                i++;
                j++;
            }
        }
        return i == a.length() && j == b.length();
    }

    private static boolean isNumberChar(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }

    /**
     * What the emission policy compares: recommended numbers and money with tolerance, everything
     * else that a reader acts on (current values, reasons, severities, strategy, cost flags) exactly.
     */
    public static EmissionPolicy.Fingerprint fingerprint(Recommendation r) {
        Map<String, String> exact = new HashMap<>();
        Map<String, Double> tolerant = new HashMap<>();
        exact.put("strategy", r.getStrategy().getName() + "@" + r.getStrategy().getSettingsHash());
        exact.put("replicas", String.valueOf(r.getReplicas()));
        exact.put("severity", r.getSeverity().name());
        addContainers("", r.getContainersList(), exact, tolerant);
        addCost("", r.getCost(), exact, tolerant);
        for (AlternativeRecommendation a : r.getAlternativesList()) {
            String p = "alt:" + a.getStrategy().getName() + "@" + a.getStrategy().getSettingsHash() + ":";
            exact.put(p + "severity", a.getSeverity().name());
            addContainers(p, a.getContainersList(), exact, tolerant);
            addCost(p, a.getCost(), exact, tolerant);
        }
        return new EmissionPolicy.Fingerprint(exact, tolerant);
    }

    private static void addContainers(String prefix, List<ContainerRecommendation> containers, Map<String, String> exact,
                                      Map<String, Double> tolerant) {
        for (ContainerRecommendation c : containers) {
            String cp = prefix + c.getContainer() + "/";
            exact.put(cp + "severity", c.getSeverity().name());
            exact.put(cp + "info", NUMBERS.matcher(String.join("|", c.getInfoList())).replaceAll("#"));
            for (ResourceRecommendation rr : c.getResourcesList()) {
                String k = cp + rr.getResource().name() + "/";
                exact.put(k + "current", (rr.hasCurrentRequest() ? rr.getCurrentRequest() : "-") + ","
                        + (rr.hasCurrentLimit() ? rr.getCurrentLimit() : "-"));
                exact.put(k + "reason", rr.getNoRecommendationReason());
                exact.put(k + "severity", rr.getSeverity().name());
                exact.put(k + "set", rr.hasRecommendedRequest() + "," + rr.hasRecommendedLimit());
                if (rr.hasRecommendedRequest()) {
                    tolerant.put(k + "request", (double) rr.getRecommendedRequest());
                }
                if (rr.hasRecommendedLimit()) {
                    tolerant.put(k + "limit", (double) rr.getRecommendedLimit());
                }
            }
        }
    }

    private static void addCost(String prefix, WorkloadCost c, Map<String, String> exact, Map<String, Double> tolerant) {
        exact.put(prefix + "cost.flags", c.getUnknown() + "," + c.getPrice().getStale() + "," + c.getPrice().getEstimated()
                + "," + c.getCurrentMonthly().getCurrencyCode());
        if (!c.getUnknown()) {
            tolerant.put(prefix + "cost.current", money(c.getCurrentMonthly()));
            tolerant.put(prefix + "cost.recommended", money(c.getRecommendedMonthly()));
        }
    }

    private static double money(dev.krr.types.v1.Money m) {
        BigDecimal d = Moneys.toBigDecimal(m);
        return d.doubleValue();
    }
}
