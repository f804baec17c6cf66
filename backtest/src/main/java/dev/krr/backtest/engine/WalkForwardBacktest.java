package dev.krr.backtest.engine;

import dev.krr.backtest.engine.BacktestSettings.NoRecommendationPolicy;
import dev.krr.backtest.trace.UsageSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays one series through every strategy, walking forward a period (a day) at a time: at each
 * boundary the strategies have seen exactly the samples before it, recommend, and the samples of
 * the next period are scored against that recommendation. Period boundaries are multiples of the
 * period since the epoch (UTC midnights for a day); the first is the first boundary at least
 * {@code warmup} after the first sample. Bitbrains VM 1 starts 2013-06-30 22:03 UTC, so with a
 * 1-day warm-up the first recommendation is made at 2013-07-02 00:00 from 26 h of history and the
 * last scored period is the partial day 2013-07-30.
 *
 * <p>Per scored interval (sample) with usage u, and the effective request R and limit L (the
 * strategy's, or the current ones while it has no answer under {@code KEEP_CURRENT}):
 * <ul>
 * <li>CPU under-provisioned when u &gt; R; throttled when the strategy recommended a CPU limit L
 *     and u &gt; L (intervals without a recommended CPU limit are not in the throttle rate, also
 *     not under a current limit kept while the strategy had no answer);
 *     CPU slack max(0, (R − u)/R) — against the request, because a CPU limit above the request
 *     reserves nothing and KRR's {@code simple} sets none;</li>
 * <li>memory OOM when the interval's peak m &gt; L, memory slack max(0, (L − m)/L), where L is
 *     the recommended memory limit or, when the strategy sets none, its memory request (without
 *     a limit a container above its request is the first to be killed under node pressure);</li>
 * <li>memory request slack max(0, (R − m)/R) as well: for a strategy whose memory request sits
 *     below its limit, the request is what is paid for;</li>
 * <li>cost of a resource max(request, usage) × rate × step (OpenCost's allocation rule), for the
 *     current requests and for the effective recommended ones.</li>
 * </ul>
 * With OOM feedback on, every OOM interval is reported to the strategy as a kill at that
 * interval's time under limit L (the live service hears of the kills its recommendations cause),
 * and it counts from the next recommendation on. Scoring is open-loop otherwise: the trace's
 * usage is what it was, whatever was recommended.
 * Slack is clamped at 0: usage above the limit is counted by the OOM and under-provisioning
 * rates, and must not earn a strategy negative slack.
 */
public final class WalkForwardBacktest {

    private final BacktestSettings settings;

    public WalkForwardBacktest(BacktestSettings settings) {
        this.settings = settings;
    }

    /** One score per strategy, in the order given. */
    public List<SeriesScore> run(UsageSeries series, List<BacktestStrategy> strategies) {
        int k = strategies.size();
        UsageSeriesInfo info = new UsageSeriesInfo(series.id(), series.stepMillis());
        List<SeriesRecommender> recommenders = new ArrayList<>(k);
        List<Accumulator> scores = new ArrayList<>(k);
        for (BacktestStrategy s : strategies) {
            recommenders.add(s.start(info));
            scores.add(new Accumulator(s.name(), series.id()));
        }
        int n = series.size();
        if (n == 0) {
            return finish(scores);
        }
        long period = settings.period().toMillis();
        long[] t = series.timeMillis();
        long boundary = ceilTo(t[0] + settings.warmup().toMillis(), period);
        double stepHours = series.stepMillis() / 3_600_000.0;
        int observed = 0;
        while (boundary <= t[n - 1]) {
            int start = series.indexAtOrAfter(boundary);
            int end = series.indexAtOrAfter(boundary + period);
            for (int j = 0; j < k; j++) {
                if (start > observed) {
                    recommenders.get(j).observe(series, observed, start);
                }
            }
            observed = Math.max(observed, start);
            if (end > start) {
                for (int j = 0; j < k; j++) {
                    Recommendation r = recommenders.get(j).recommendAt(boundary);
                    scores.get(j).scorePeriod(series, start, end, r, settings, stepHours,
                            settings.oomFeedback() ? recommenders.get(j) : null);
                }
            }
            boundary += period;
        }
        return finish(scores);
    }

    private static List<SeriesScore> finish(List<Accumulator> scores) {
        List<SeriesScore> out = new ArrayList<>(scores.size());
        for (Accumulator a : scores) {
            out.add(a.toScore());
        }
        return out;
    }

    /** Smallest multiple of {@code step} at or after {@code value}. */
    static long ceilTo(long value, long step) {
        return Math.floorDiv(value + step - 1, step) * step;
    }

    private static final class Accumulator {
        private final String strategy;
        private final String seriesId;
        private int periodsScored;
        private int periodsRecommended;
        private long cpuIntervals;
        private long cpuUnder;
        private long cpuLimitIntervals;
        private long cpuThrottled;
        private double cpuSlack;
        private long memoryIntervals;
        private long memoryOom;
        private double memorySlack;
        private long memoryRequestIntervals;
        private double memoryRequestSlack;
        private double costHours;
        private double provisionedCost;
        private double recommendedCost;
        private final Map<String, Integer> reasons = new TreeMap<>();

        Accumulator(String strategy, String seriesId) {
            this.strategy = strategy;
            this.seriesId = seriesId;
        }

        void scorePeriod(UsageSeries s, int from, int to, Recommendation r, BacktestSettings settings, double stepHours,
                         SeriesRecommender oomListener) {
            Prices prices = settings.prices();
            periodsScored++;
            if (r.complete()) {
                periodsRecommended++;
            } else {
                String reason = r.cpu().present() ? r.memory().reason()
                        : r.memory().present() || r.memory().reason().equals(r.cpu().reason()) ? r.cpu().reason()
                        : r.cpu().reason() + "; " + r.memory().reason();
                reasons.merge(reason, 1, Integer::sum);
            }
            boolean keep = settings.whenNoRecommendation() == NoRecommendationPolicy.KEEP_CURRENT;
            for (int i = from; i < to; i++) {
                double cpuRequest = r.cpu().present() ? r.cpu().request() : keep ? s.cpuRequestCores()[i] : Double.NaN;
                double cpuLimit = r.cpu().hasLimit() ? r.cpu().limit() : Double.NaN;
                double memoryRequest;
                double memoryLimit;
                if (r.memory().present()) {
                    memoryRequest = r.memory().request();
                    memoryLimit = r.memory().hasLimit() ? r.memory().limit() : memoryRequest;
                } else {
                    memoryRequest = keep ? s.memoryRequestBytes()[i] : Double.NaN;
                    double current = keep ? s.memoryLimitBytes()[i] : Double.NaN;
                    memoryLimit = Double.isNaN(current) ? memoryRequest : current;
                }
                double cpu = s.cpuCores()[i];
                double memory = s.memoryBytes()[i];
                if (!Double.isNaN(cpu) && !Double.isNaN(cpuRequest)) {
                    cpuIntervals++;
                    if (cpu > cpuRequest) {
                        cpuUnder++;
                    }
                    if (cpuRequest > 0) {
                        cpuSlack += Math.max(0, (cpuRequest - cpu) / cpuRequest);
                    }
                    if (!Double.isNaN(cpuLimit)) {
                        cpuLimitIntervals++;
                        if (cpu > cpuLimit) {
                            cpuThrottled++;
                        }
                    }
                }
                if (!Double.isNaN(memory) && !Double.isNaN(memoryLimit)) {
                    memoryIntervals++;
                    if (memory > memoryLimit) {
                        memoryOom++;
                        if (oomListener != null) {
                            oomListener.oomKilled(s.timeMillis()[i], memoryLimit);
                        }
                    }
                    if (memoryLimit > 0) {
                        memorySlack += Math.max(0, (memoryLimit - memory) / memoryLimit);
                    }
                    if (!Double.isNaN(memoryRequest) && memoryRequest > 0) {
                        memoryRequestIntervals++;
                        memoryRequestSlack += Math.max(0, (memoryRequest - memory) / memoryRequest);
                    }
                }
                double currentCpu = s.cpuRequestCores()[i];
                double currentMemory = s.memoryRequestBytes()[i];
                if (!Double.isNaN(currentCpu) && !Double.isNaN(currentMemory) && !Double.isNaN(cpuRequest)
                        && !Double.isNaN(memoryRequest)) {
                    double cpuUsed = Double.isNaN(cpu) ? 0 : cpu;
                    double memoryUsed = Double.isNaN(memory) ? 0 : memory;
                    costHours += stepHours;
                    provisionedCost += prices.perHour(Math.max(currentCpu, cpuUsed), Math.max(currentMemory, memoryUsed)) * stepHours;
                    recommendedCost += prices.perHour(Math.max(cpuRequest, cpuUsed), Math.max(memoryRequest, memoryUsed)) * stepHours;
                }
            }
        }

        SeriesScore toScore() {
            return new SeriesScore(strategy, seriesId, periodsScored, periodsRecommended, cpuIntervals, cpuUnder,
                    cpuLimitIntervals, cpuThrottled, cpuSlack, memoryIntervals, memoryOom, memorySlack, memoryRequestIntervals,
                    memoryRequestSlack, costHours,
                    provisionedCost, recommendedCost, Map.copyOf(reasons));
        }
    }
}
