package dev.krr.backtest.engine;

/**
 * What a strategy would have set at a day boundary: per resource either a request (and optionally a
 * limit) or an explicit "no recommendation" with the strategy's reason. Never null, never NaN
 * as a silent "don't know" — an absent limit is {@link Double#NaN} only in {@link Resource#limit()},
 * where it means "no limit recommended", which is an answer (KRR's {@code simple} never sets a
 * CPU limit).
 */
public record Recommendation(Resource cpu, Resource memory) {

    public Recommendation {
        if (cpu == null || memory == null) {
            throw new IllegalArgumentException("cpu and memory must be set (use Resource.none(reason))");
        }
    }

    /** CPU in cores, memory in bytes; a NaN limit means "no limit". */
    public static Recommendation of(double cpuRequestCores, double cpuLimitCores, double memoryRequestBytes,
                                    double memoryLimitBytes) {
        return new Recommendation(Resource.of(cpuRequestCores, cpuLimitCores),
                Resource.of(memoryRequestBytes, memoryLimitBytes));
    }

    /** Neither resource, for one reason ("Not enough data", "HPA detected"…). */
    public static Recommendation none(String reason) {
        return new Recommendation(Resource.none(reason), Resource.none(reason));
    }

    /** True when both resources have a request. */
    public boolean complete() {
        return cpu.present() && memory.present();
    }

    /**
     * One resource's answer.
     *
     * @param request recommended request (cores or bytes), NaN when absent
     * @param limit recommended limit, NaN when the strategy recommends no limit
     * @param reason why there is no request; null when there is one
     */
    public record Resource(double request, double limit, String reason) {

        public Resource {
            if (Double.isNaN(request)) {
                if (reason == null || reason.isBlank()) {
                    throw new IllegalArgumentException("a missing request needs a reason");
                }
            } else {
                if (!(request >= 0) || Double.isInfinite(request)) {
                    throw new IllegalArgumentException("request must be a finite value >= 0, was " + request);
                }
                if (!Double.isNaN(limit) && !(limit >= 0 && Double.isFinite(limit))) {
                    throw new IllegalArgumentException("limit must be a finite value >= 0 or NaN (none), was " + limit);
                }
                reason = null;
            }
        }

        public static Resource of(double request, double limit) {
            return new Resource(request, limit, null);
        }

        public static Resource none(String reason) {
            return new Resource(Double.NaN, Double.NaN, reason);
        }

        public boolean present() {
            return !Double.isNaN(request);
        }

        public boolean hasLimit() {
            return present() && !Double.isNaN(limit);
        }
    }
}
