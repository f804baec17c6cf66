package dev.krr.strategy.domain.cost;

import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.NodeRate;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.model.Workload;
import dev.krr.strategy.domain.strategy.PriceContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prices a workload's requests where its pods actually run: for each scheduled pod whose node has
 * rates, the hourly cost of one replica is Σ containers (cores × rate per vCPU-h + GiB × rate per
 * GiB-h); the mean over those pods × replicas × 730 h is the monthly cost. Example: one container
 * of 500m and 1 GiB on nodes at $0.031611/vCPU-h and $0.004237/GiB-h → 0.5·0.031611 + 1·0.004237
 * = $0.0200425/h; 3 replicas × 730 h → $43.89 a month. Unset requests cost nothing (the scheduler
 * reserves nothing for them). Amounts are rounded half-even to cents at the end only.
 */
public final class CostCalculator {

    /** Hours in a month as cloud price lists count them (8760 / 12). */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    private static final BigDecimal MILLIS_PER_CORE = BigDecimal.valueOf(1000);
    private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1024L * 1024 * 1024);
    private static final MathContext MC = MathContext.DECIMAL64;

    private final Duration staleAfter;

    /** @param staleAfter rates priced longer ago than this are reported as stale */
    public CostCalculator(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** Rates of the priced pods' nodes, or null when none is known or currencies are mixed. */
    public PriceContext priceContext(Workload workload, Map<String, NodeRate> ratesByNode) {
        List<NodeRate> rates = podRates(workload, ratesByNode);
        if (rates.isEmpty() || currencies(rates).size() != 1) {
            return null;
        }
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal mem = BigDecimal.ZERO;
        Map<CapacityType, Integer> types = new EnumMap<>(CapacityType.class);
        for (NodeRate r : rates) {
            cpu = cpu.add(r.cpuPerVcpuHour());
            mem = mem.add(r.memoryPerGibHour());
            types.merge(r.capacityType(), 1, Integer::sum);
        }
        BigDecimal n = BigDecimal.valueOf(rates.size());
        CapacityType dominant = types.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new PriceContext(rates.get(0).currency(), cpu.divide(n, MC), mem.divide(n, MC), dominant);
    }

    /**
     * Monthly cost at current and at recommended requests.
     *
     * @param current current requests per container (same order as {@code recommended})
     * @param recommended recommended requests per container (current where there is no recommendation)
     */
    public WorkloadCost cost(Workload workload, List<Resources> current, List<Resources> recommended,
                             Map<String, NodeRate> ratesByNode, Instant now) {
        List<Workload.PodPlacement> scheduled = workload.pods().stream().filter(p -> p.node() != null && !p.node().isEmpty()).toList();
        List<NodeRate> rates = podRates(workload, ratesByNode);
        if (rates.isEmpty()) {
            if (scheduled.isEmpty()) {
                return WorkloadCost.unknown("no scheduled pods: node placement unknown");
            }
            Set<String> nodes = new TreeSet<>();
            scheduled.forEach(p -> nodes.add(p.node()));
            return WorkloadCost.unknown("no rates yet for nodes " + String.join(", ", nodes));
        }
        Set<String> currencies = currencies(rates);
        if (currencies.size() != 1) {
            return WorkloadCost.unknown("nodes priced in different currencies: " + String.join(", ", currencies));
        }
        BigDecimal currentPerPod = BigDecimal.ZERO;
        BigDecimal recommendedPerPod = BigDecimal.ZERO;
        boolean estimated = false;
        boolean stale = false;
        Set<String> sources = new LinkedHashSet<>();
        String effectiveDate = "";
        for (NodeRate r : rates) {
            currentPerPod = currentPerPod.add(hourly(current, r));
            recommendedPerPod = recommendedPerPod.add(hourly(recommended, r));
            estimated |= r.estimated();
            stale |= r.stale() || (r.pricedAt() != null && r.pricedAt().plus(staleAfter).isBefore(now));
            sources.add(r.source());
            if (r.effectiveDate() != null && r.effectiveDate().compareTo(effectiveDate) > 0) {
                effectiveDate = r.effectiveDate();
            }
        }
        List<String> basis = new ArrayList<>();
        if (rates.size() < scheduled.size()) {
            estimated = true;
            basis.add(rates.size() + " of " + scheduled.size() + " pods on priced nodes; their mean applied to all replicas");
        }
        if (rates.stream().anyMatch(NodeRate::estimated)) {
            basis.add("node rates estimated by the pricing service");
        }
        BigDecimal podCount = BigDecimal.valueOf(rates.size());
        BigDecimal factor = BigDecimal.valueOf(workload.replicas()).multiply(HOURS_PER_MONTH);
        BigDecimal currentMonthly = currentPerPod.multiply(factor).divide(podCount, 2, RoundingMode.HALF_EVEN);
        BigDecimal recommendedMonthly = recommendedPerPod.multiply(factor).divide(podCount, 2, RoundingMode.HALF_EVEN);
        return new WorkloadCost(currencies.iterator().next(), currentMonthly, recommendedMonthly,
                currentMonthly.subtract(recommendedMonthly), String.join(", ", sources), effectiveDate, estimated,
                String.join("; ", basis), stale, false, "");
    }

    private static BigDecimal hourly(List<Resources> containers, NodeRate rate) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Resources r : containers) {
            if (r.cpuMillicores() != null) {
                sum = sum.add(BigDecimal.valueOf(r.cpuMillicores()).multiply(rate.cpuPerVcpuHour()).divide(MILLIS_PER_CORE, MC));
            }
            if (r.memoryBytes() != null) {
                sum = sum.add(BigDecimal.valueOf(r.memoryBytes()).multiply(rate.memoryPerGibHour()).divide(BYTES_PER_GIB, MC));
            }
        }
        return sum;
    }

    private static List<NodeRate> podRates(Workload workload, Map<String, NodeRate> ratesByNode) {
        List<NodeRate> rates = new ArrayList<>();
        for (Workload.PodPlacement p : workload.pods()) {
            if (p.node() != null && !p.node().isEmpty()) {
                NodeRate r = ratesByNode.get(p.node());
                if (r != null) {
                    rates.add(r);
                }
            }
        }
        return rates;
    }

    private static Set<String> currencies(List<NodeRate> rates) {
        Set<String> c = new TreeSet<>();
        rates.forEach(r -> c.add(r.currency()));
        return c;
    }
}
