package dev.krr.notifier.adapter.in.kafka;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Moneys;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.ResourceKind;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.Severity;
import dev.krr.notifier.domain.StrategyRef;
import dev.krr.notifier.domain.WorkloadCost;
import dev.krr.notifier.domain.WorkloadRecommendation;
import dev.krr.notifier.domain.WorkloadRef;
import dev.krr.types.v1.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@link Recommendation} contract into the notifier's domain records (and back, for
 * the dead-letter topic and tests). Money goes through {@link Moneys}, exact to the nano; an
 * unspecified enum becomes UNKNOWN. A record that lacks its identity is rejected with the field
 * named.
 */
public final class RecommendationMapper {

    public WorkloadRef workloadOf(String key) {
        Keys.WorkloadKey k = Keys.parseWorkload(key);
        return new WorkloadRef(k.cluster(), k.namespace(), k.kind(), k.name());
    }

    public WorkloadRecommendation toDomain(Recommendation r) {
        require("cluster", r.getCluster());
        require("namespace", r.getNamespace());
        require("kind", r.getKind());
        require("name", r.getName());
        List<ContainerRecommendation> containers = new ArrayList<>();
        for (dev.krr.events.v1.ContainerRecommendation c : r.getContainersList()) {
            List<ResourceRecommendation> resources = new ArrayList<>();
            for (dev.krr.events.v1.ResourceRecommendation rr : c.getResourcesList()) {
                ResourceKind kind = kind(rr.getResource());
                if (kind == null) {
                    continue;
                }
                resources.add(new ResourceRecommendation(kind,
                        rr.hasCurrentRequest() ? rr.getCurrentRequest() : null,
                        rr.hasCurrentLimit() ? rr.getCurrentLimit() : null,
                        rr.hasRecommendedRequest() ? rr.getRecommendedRequest() : null,
                        rr.hasRecommendedLimit() ? rr.getRecommendedLimit() : null,
                        severity(rr.getSeverity()), rr.getNoRecommendationReason()));
            }
            Duration span = Duration.ofSeconds(c.getHistorySpan().getSeconds(), c.getHistorySpan().getNanos());
            containers.add(new ContainerRecommendation(c.getContainer(), resources, c.getDataPoints(), span,
                    c.getConfidence(), severity(c.getSeverity()), c.getInfoList()));
        }
        StrategyRef strategy = new StrategyRef(r.getStrategy().getName(), r.getStrategy().getSettingsMap(),
                r.getStrategy().getSettingsHash());
        Instant computedAt = Instant.ofEpochSecond(r.getComputedAt().getSeconds(), r.getComputedAt().getNanos());
        return new WorkloadRecommendation(new WorkloadRef(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()),
                r.getReplicas(), severity(r.getSeverity()), strategy, containers, cost(r), computedAt, r.getRevision());
    }

    private static WorkloadCost cost(Recommendation r) {
        if (!r.hasCost()) {
            return WorkloadCost.unknown("no cost on the recommendation");
        }
        dev.krr.events.v1.WorkloadCost c = r.getCost();
        if (c.getUnknown() || !c.hasCurrentMonthly()) {
            return new WorkloadCost("", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true,
                    c.getUnknownReason().isEmpty() ? "no price known" : c.getUnknownReason(),
                    c.getPrice().getSource(), c.getPrice().getEstimated(), c.getPrice().getStale());
        }
        String currency = c.getCurrentMonthly().getCurrencyCode();
        BigDecimal current = money(c.getCurrentMonthly());
        BigDecimal recommended = c.hasRecommendedMonthly() ? money(c.getRecommendedMonthly()) : current;
        BigDecimal savings = c.hasSavingsMonthly() ? money(c.getSavingsMonthly()) : current.subtract(recommended);
        return new WorkloadCost(currency, current, recommended, savings, false, "",
                c.getPrice().getSource(), c.getPrice().getEstimated(), c.getPrice().getStale());
    }

    private static BigDecimal money(Money m) {
        return Moneys.toBigDecimal(m).stripTrailingZeros();
    }

    private static void require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("recommendation field '" + field + "' is empty");
        }
    }

    static ResourceKind kind(Resource r) {
        return switch (r) {
            case RESOURCE_CPU_MILLICORES -> ResourceKind.CPU;
            case RESOURCE_MEMORY_BYTES -> ResourceKind.MEMORY;
            case RESOURCE_GPU_COUNT -> ResourceKind.GPU;
            case RESOURCE_EPHEMERAL_STORAGE_BYTES -> ResourceKind.EPHEMERAL_STORAGE;
            default -> null;
        };
    }

    static Severity severity(dev.krr.events.v1.Severity s) {
        return switch (s) {
            case SEVERITY_GOOD -> Severity.GOOD;
            case SEVERITY_OK -> Severity.OK;
            case SEVERITY_WARNING -> Severity.WARNING;
            case SEVERITY_CRITICAL -> Severity.CRITICAL;
            default -> Severity.UNKNOWN;
        };
    }
}
