package dev.krr.pricing.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The immutable set of instance prices the service answers from. Owns the lookup key (provider,
 * region and type without case) and the listing order (region, then type) that paging relies on.
 * A later entry for the same key replaces an earlier one, so custom prices loaded after the bundled
 * catalog override it.
 */
public final class InstanceCatalog {

    private static final Comparator<CatalogEntry> LISTING_ORDER = Comparator
            .comparing((CatalogEntry e) -> e.region().toLowerCase(Locale.ROOT))
            .thenComparing(e -> e.instanceType().toLowerCase(Locale.ROOT));

    private final Map<String, CatalogEntry> byKey;
    private final Map<String, List<CatalogEntry>> byProvider;

    public InstanceCatalog(Collection<CatalogEntry> entries) {
        Map<String, CatalogEntry> keyed = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            keyed.put(entry.key(), entry);
        }
        Map<String, List<CatalogEntry>> grouped = new TreeMap<>();
        for (CatalogEntry entry : keyed.values()) {
            grouped.computeIfAbsent(normalise(entry.provider()), p -> new ArrayList<>()).add(entry);
        }
        Map<String, List<CatalogEntry>> sorted = new HashMap<>();
        grouped.forEach((provider, list) -> {
            list.sort(LISTING_ORDER);
            sorted.put(provider, List.copyOf(list));
        });
        this.byKey = Map.copyOf(keyed);
        this.byProvider = Map.copyOf(sorted);
    }

    public static String key(String provider, String region, String instanceType) {
        return normalise(provider) + '|' + normalise(region) + '|' + normalise(instanceType);
    }

    static String normalise(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<CatalogEntry> find(String provider, String region, String instanceType) {
        return Optional.ofNullable(byKey.get(key(provider, region, instanceType)));
    }

    /** Every entry of a provider, optionally of one region, in listing order. */
    public List<CatalogEntry> list(String provider, Optional<String> region) {
        List<CatalogEntry> all = byProvider.getOrDefault(normalise(provider), List.of());
        if (region.isEmpty()) {
            return all;
        }
        String wanted = normalise(region.get());
        return all.stream().filter(e -> normalise(e.region()).equals(wanted)).toList();
    }

    public Collection<CatalogEntry> entries() {
        return byKey.values();
    }

    public List<String> providers() {
        return byProvider.keySet().stream().sorted().toList();
    }

    public int size() {
        return byKey.size();
    }

    /** Position of an entry in listing order, used to resume a listing after a page token. */
    public static int compareListing(CatalogEntry a, String region, String instanceType) {
        int byRegion = a.region().toLowerCase(Locale.ROOT).compareTo(region.toLowerCase(Locale.ROOT));
        return byRegion != 0 ? byRegion
                : a.instanceType().toLowerCase(Locale.ROOT).compareTo(instanceType.toLowerCase(Locale.ROOT));
    }
}
