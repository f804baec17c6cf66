package dev.krr.notifier.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest recommendation per workload over all clusters: the notifier's materialised view of
 * the compacted recommendations topic. It owns the "latest wins" rule: a value with a lower
 * revision than the one held (a late duplicate) is ignored, a removal (tombstone) forgets the
 * workload. Safe for one writer and many readers.
 */
public final class RecommendationView {

    /** Stable report order: cluster, namespace, kind, name. */
    public static final Comparator<WorkloadRecommendation> REPORT_ORDER = Comparator
            .comparing((WorkloadRecommendation r) -> r.workload().cluster())
            .thenComparing(r -> r.workload().namespace())
            .thenComparing(r -> r.workload().kind())
            .thenComparing(r -> r.workload().name());

    private final Map<WorkloadRef, WorkloadRecommendation> latest = new ConcurrentHashMap<>();

    /** Stores {@code r} unless a newer revision of the same workload is already held; true when stored. */
    public boolean upsert(WorkloadRecommendation r) {
        boolean[] stored = {false};
        latest.compute(r.workload(), (k, old) -> {
            if (old != null && r.revision() > 0 && old.revision() > r.revision()) {
                return old;
            }
            stored[0] = true;
            return r;
        });
        return stored[0];
    }

    /** Forgets the workload (tombstone); true when it was known. */
    public boolean remove(WorkloadRef workload) {
        return latest.remove(workload) != null;
    }

    public WorkloadRecommendation get(WorkloadRef workload) {
        return latest.get(workload);
    }

    public int size() {
        return latest.size();
    }

    /** The matching recommendations in {@link #REPORT_ORDER}. */
    public List<WorkloadRecommendation> query(RecommendationFilter filter) {
        List<WorkloadRecommendation> out = new ArrayList<>();
        for (WorkloadRecommendation r : latest.values()) {
            if (filter.matches(r)) {
                out.add(r);
            }
        }
        out.sort(REPORT_ORDER);
        return out;
    }
}
