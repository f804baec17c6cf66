package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.WindowView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * KRR's {@code simple} and {@code simple-limit} on krr's window state.
 *
 * <p>{@code simple}: CPU request = max over pods of each pod's P95, no CPU limit; memory request =
 * limit = max working set × 1.15, or with an OOM kill max(that, limit at OOM × 1.25). Example:
 * pods with P95 0.180 and 0.240 cores → 240m (up to 5% bucket rounding: 0.2406 → 241m); a max of
 * 400 MiB → 460 MiB; an OOM at a 512 MiB limit → max(460, 640) = 640 MiB.
 *
 * <p>{@code simple-limit}: CPU request = P66 and CPU limit = P96 of all pods' points together;
 * memory as in {@code simple}.
 *
 * <p>Both answer "No data" without samples, "Not enough data" below {@code pointsRequired} points
 * in the window, "HPA detected" when an HPA scales on that resource (unless allowed); values are
 * rounded up to 1m / 1 MiB and floored at 10m / 100 MiB.
 */
public final class KrrStrategy implements RecommendationStrategy {

    public static final String SIMPLE = "simple";
    public static final String SIMPLE_LIMIT = "simple-limit";

    private final String name;
    private final KrrSettings settings;

    private KrrStrategy(String name, KrrSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    public static KrrStrategy simple(KrrSettings settings) {
        return new KrrStrategy(SIMPLE, settings);
    }

    public static KrrStrategy simpleLimit(KrrSettings settings) {
        return new KrrStrategy(SIMPLE_LIMIT, settings);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> settings() {
        return settings.asText();
    }

    @Override
    public ContainerProposal propose(StrategyInput in) {
        ContainerUsageState usage = in.usage();
        if (usage == null || !usage.hasData()) {
            return new ContainerProposal(Proposal.none("No data"), Proposal.none("No data"), 0, Duration.ZERO, 0, List.of());
        }
        long now = in.now().toEpochMilli();
        WindowView w = usage.window(now, settings.history());
        List<String> info = new ArrayList<>();
        Proposal cpu = cpu(in, w);
        Proposal memory = memory(in, w, info);
        long from = Math.max(usage.firstSampleMillis(), now - settings.history().toMillis());
        Duration span = Duration.ofMillis(Math.max(0, usage.lastSampleMillis() - from));
        return new ContainerProposal(cpu, memory, w.cpuPoints(), span, Math.min(1, usage.vpaConfidence()), info);
    }

    private Proposal cpu(StrategyInput in, WindowView w) {
        long points = w.cpuPoints();
        if (points == 0) {
            return Proposal.none("No data");
        }
        if (points < settings.pointsRequired()) {
            return Proposal.none("Not enough data");
        }
        if (hpaBlocks(in, ResourceKind.CPU)) {
            return Proposal.none("HPA detected");
        }
        long min = settings.minCpuMillicores();
        if (SIMPLE.equals(name)) {
            double cores = w.cpuMaxOfPodPercentiles(settings.cpuPercentile() / 100);
            return Proposal.of(Rounding.cpuMillicoresUp(cores, min), null);
        }
        double request = w.cpuPercentileOfAllPods(settings.cpuRequestPercentile() / 100);
        double limit = w.cpuPercentileOfAllPods(settings.cpuLimitPercentile() / 100);
        return Proposal.of(Rounding.cpuMillicoresUp(request, min), Rounding.cpuMillicoresUp(limit, min));
    }

    private Proposal memory(StrategyInput in, WindowView w, List<String> info) {
        long points = w.memoryPoints();
        if (points == 0) {
            return Proposal.none("No data");
        }
        if (points < settings.pointsRequired()) {
            return Proposal.none("Not enough data");
        }
        if (hpaBlocks(in, ResourceKind.MEMORY)) {
            return Proposal.none("HPA detected");
        }
        double bytes = w.memoryMaxBytes() * (1 + settings.memoryBufferPercentage() / 100);
        long oomLimit = w.oomLimitMaxBytes();
        if (settings.useOomKillData() && w.oomKills() > 0) {
            double oomBytes = oomLimit * (1 + settings.oomMemoryBufferPercentage() / 100);
            if (oomBytes > bytes) {
                bytes = oomBytes;
                info.add("OOMKill detected: memory from the limit at OOM × " + KrrSettings.fmt(1 + settings.oomMemoryBufferPercentage() / 100));
            } else {
                info.add("OOMKill detected");
            }
        }
        long rounded = Rounding.memoryBytesUpToMib(bytes, settings.minMemoryBytes());
        return Proposal.of(rounded, rounded);
    }

    private boolean hpaBlocks(StrategyInput in, ResourceKind kind) {
        return in.hpa() != null && in.hpa().targets(kind) && !settings.allowHpa();
    }
}
