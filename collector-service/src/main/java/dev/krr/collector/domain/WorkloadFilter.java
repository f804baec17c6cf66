package dev.krr.collector.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which workloads the collector reports: namespaces matched by include/exclude regular
 * expressions (whole-name match; exclude wins), an optional label selector on the workload's
 * labels ({@code app=web,tier!=batch,team} — equality, inequality and existence terms, all must
 * hold), and a set of kinds (empty = all).
 */
public record WorkloadFilter(List<Pattern> includeNamespaces, List<Pattern> excludeNamespaces, String labelSelector,
        Set<String> kinds) {

    public WorkloadFilter {
        includeNamespaces = List.copyOf(includeNamespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        labelSelector = labelSelector == null ? "" : labelSelector.trim();
        kinds = Set.copyOf(kinds);
        for (String term : terms(labelSelector)) {
            if (term.isEmpty() || term.startsWith("=") || term.startsWith("!")) {
                throw new IllegalArgumentException("label selector '" + labelSelector + "' has an invalid term '" + term + "'");
            }
        }
    }

    /** Accepts everything. */
    public static WorkloadFilter all() {
        return new WorkloadFilter(List.of(), List.of(), "", Set.of());
    }

    public boolean acceptsNamespace(String namespace) {
        if (excludeNamespaces.stream().anyMatch(p -> p.matcher(namespace).matches())) {
            return false;
        }
        return includeNamespaces.isEmpty() || includeNamespaces.stream().anyMatch(p -> p.matcher(namespace).matches());
    }

    public boolean accepts(WorkloadId id, Map<String, String> labels) {
        return acceptsNamespace(id.namespace()) && (kinds.isEmpty() || kinds.contains(id.kind())) && matchesLabels(labels);
    }

    boolean matchesLabels(Map<String, String> labels) {
        for (String term : terms(labelSelector)) {
            int ne = term.indexOf("!=");
            int eq = term.indexOf('=');
            if (ne > 0) {
                String k = term.substring(0, ne).trim();
                if (term.substring(ne + 2).trim().equals(labels.get(k))) {
                    return false;
                }
            } else if (eq > 0) {
                String k = term.substring(0, eq).trim();
                String v = term.substring(term.startsWith("=", eq + 1) ? eq + 2 : eq + 1).trim();
                if (!v.equals(labels.get(k))) {
                    return false;
                }
            } else if (!labels.containsKey(term)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> terms(String selector) {
        if (selector == null || selector.isBlank()) {
            return List.of();
        }
        return List.of(selector.split(",")).stream().map(String::trim).toList();
    }
}
