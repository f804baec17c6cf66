package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers price questions from one immutable snapshot of catalog, rate cards, discounts and
 * exchange rates. It owns the order in which a price is found and how it is qualified:
 * <ol>
 *   <li>the listed price of the instance type (spot from the on-demand price × the region's
 *       median spot ratio where no spot price is listed; reserved and Windows from on-demand);</li>
 *   <li>for unknown types, per-resource rates applied to the node's shape, from the first of: a
 *       rate card (custom file, GCP family list prices, Oracle OCPU prices), the median rates of the
 *       type's family in the region, of the provider in the region, of the provider anywhere, and
 *       finally the configured defaults;</li>
 *   <li>then the most specific discount, then conversion into the answer currency.</li>
 * </ol>
 * Every answer carries its source and date, says whether and why it is estimated, and is stale
 * when its date (or its exchange rate's date) is older than the policy allows. Per-node rates
 * split a node price with {@link RatioSplitEstimator}.
 */
public final class PriceBook {

    private final InstanceCatalog catalog;
    private final List<RateCard> rateCards;
    private final List<Discount> discounts;
    private final ExchangeRates exchangeRates;
    private final PricingPolicy policy;
    private final Clock clock;
    private final Map<String, GroupRates> groupRates;
    private final Map<String, BigDecimal> spotRatios;
    private final Map<String, List<RateCard>> cardsByProvider;
    private final Map<ResourceRates, Reference> references;

    public PriceBook(InstanceCatalog catalog, List<RateCard> rateCards, List<Discount> discounts,
                     ExchangeRates exchangeRates, PricingPolicy policy, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.rateCards = List.copyOf(rateCards);
        this.discounts = List.copyOf(discounts);
        this.exchangeRates = Objects.requireNonNull(exchangeRates, "exchangeRates");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        requireKnownCurrencies(catalog, this.rateCards, exchangeRates);
        this.spotRatios = medianSpotRatios(catalog);
        this.groupRates = groupRates(catalog, policy, spotRatios);
        Map<String, List<RateCard>> byProvider = new HashMap<>();
        Map<ResourceRates, Reference> refs = new HashMap<>();
        for (RateCard card : this.rateCards) {
            byProvider.computeIfAbsent(cardKey(card.provider(), card.family().orElse("")), p -> new ArrayList<>()).add(card);
            if (card.rates().memoryPerGibHour().signum() > 0) {
                refs.computeIfAbsent(card.rates(), Reference::of);
            }
        }
        for (CapacityType capacity : List.of(CapacityType.ON_DEMAND, CapacityType.SPOT)) {
            refs.computeIfAbsent(policy.defaultRates(capacity), Reference::of);
        }
        this.cardsByProvider = Map.copyOf(byProvider);
        this.references = Map.copyOf(refs);
    }

    /** Every currency a price is listed in must be convertible, or answers in another currency would fail later. */
    private static void requireKnownCurrencies(InstanceCatalog catalog, List<RateCard> cards, ExchangeRates rates) {
        Set<String> unknown = new TreeSet<>();
        for (CatalogEntry entry : catalog.entries()) {
            entry.onDemand().map(l -> l.hourly().currency()).filter(c -> !rates.knows(c)).ifPresent(unknown::add);
            entry.spot().map(l -> l.hourly().currency()).filter(c -> !rates.knows(c)).ifPresent(unknown::add);
        }
        cards.stream().map(c -> c.rates().currency()).filter(c -> !rates.knows(c)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("prices in " + unknown + " but the exchange rate table (" + rates.source()
                    + ") has no rate for them");
        }
    }

    public InstanceCatalog catalog() {
        return catalog;
    }

    public ExchangeRates exchangeRates() {
        return exchangeRates;
    }

    public PricingPolicy policy() {
        return policy;
    }

    public List<RateCard> rateCards() {
        return rateCards;
    }

    public List<Discount> discounts() {
        return discounts;
    }

    /**
     * The hourly price of an instance. Empty (NOT_FOUND) only when the type is unknown and the
     * query gives no node shape to price from rates.
     */
    public Optional<InstanceQuote> instancePrice(PriceQuery query) {
        Optional<CatalogEntry> entry = find(query);
        if (entry.isPresent()) {
            Priced priced = resolveListed(entry.get(), query.capacityType(), query.os());
            Answer answer = finish(priced, query);
            return Optional.of(new InstanceQuote(query, answer.money, entry.get().shape().or(query::nodeShape),
                    answer.provenance(false, "")));
        }
        if (query.nodeShape().isEmpty() || query.nodeShape().get().isEmpty()) {
            return Optional.empty();
        }
        InstanceShape shape = query.nodeShape().get();
        FallbackRates fallback = fallbackRates(query);
        Priced priced = new Priced(new Money(fallback.rates.priceOf(shape), fallback.rates.currency()), fallback.source,
                fallback.effectiveDate, !fallback.authoritative, new ArrayList<>(List.of(fallback.basis)), List.of());
        Answer answer = finish(priced, query);
        return Optional.of(new InstanceQuote(query, answer.money, Optional.of(shape), answer.provenance(false, "")));
    }

    /**
     * Hourly rates per vCPU, GiB and GPU of a node. Always answers: a known type's price is split
     * by the ratio method; an unknown type gets fallback rates (and a node price when its shape is
     * given).
     */
    public NodeRatesQuote nodeRates(PriceQuery query) {
        Optional<CatalogEntry> entry = find(query);
        if (entry.isPresent()) {
            Optional<InstanceShape> shape = entry.get().shape().filter(s -> !s.isEmpty())
                    .or(() -> query.nodeShape().filter(s -> !s.isEmpty()));
            Priced priced = resolveListed(entry.get(), query.capacityType(), query.os());
            Answer answer = finish(priced, query);
            if (shape.isPresent()) {
                Reference reference = references.getOrDefault(referenceRates(query), references.get(policy.defaultRates(query.capacityType())));
                Optional<ResourceRates> split = RatioSplitEstimator.split(answer.money, shape.get(), reference.ratios());
                if (split.isPresent()) {
                    String basis = reference.basis();
                    return new NodeRatesQuote(query, Optional.of(answer.money), split.get(), shape,
                            answer.provenance(true, basis), !priced.estimated);
                }
            }
            FallbackRates fallback = fallbackRates(query);
            ResourceRates rates = convertRates(applyDiscount(fallback.rates, query), answer.money.currency());
            return new NodeRatesQuote(query, Optional.of(answer.money), rates, shape,
                    answer.provenance(true, "instance shape unknown: rates from " + fallback.basis), !priced.estimated);
        }
        FallbackRates fallback = fallbackRates(query);
        String currency = answerCurrency(query);
        ResourceRates rates = convertRates(applyDiscount(fallback.rates, query), currency);
        Optional<InstanceShape> shape = query.nodeShape().filter(s -> !s.isEmpty());
        Optional<Money> node = shape.map(s -> new Money(rates.priceOf(s), currency));
        List<String> caveats = new ArrayList<>();
        boolean stale = isStale(fallback.effectiveDate, caveats);
        stale |= conversionStale(fallback.rates.currency(), currency, caveats);
        if (shape.isPresent() && !rates.covers(shape.get())) {
            caveats.add("no GPU rate known: the node price leaves out its " + shape.get().gpuCount() + " GPU(s)");
        }
        String source = fallback.source + conversionNote(fallback.rates.currency(), currency) + discountNote(query);
        Provenance provenance = new Provenance(source, fallback.effectiveDate, !fallback.authoritative,
                fallback.authoritative ? "" : fallback.basis, stale, caveats);
        return new NodeRatesQuote(query, node, rates, shape, provenance, false);
    }

    /** A page of listed prices (no estimates), converted and discounted as lookups are. */
    public ListingPage list(String provider, Optional<String> region, Optional<String> currency, int pageSize,
                            Optional<ListingPage.ListingCursor> after) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
        }
        List<CatalogEntry> all = catalog.list(provider, region);
        int start = 0;
        if (after.isPresent()) {
            int lo = 0;
            int hi = all.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (InstanceCatalog.compareListing(all.get(mid), after.get().region(), after.get().instanceType()) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            start = lo;
        }
        int end = Math.min(all.size(), start + pageSize);
        List<ListingPage.ListedInstance> items = new ArrayList<>(end - start);
        for (CatalogEntry entry : all.subList(start, end)) {
            PriceQuery query = new PriceQuery(entry.provider(), entry.region(), entry.instanceType(), CapacityType.ON_DEMAND,
                    OperatingSystem.LINUX, Optional.empty(), currency);
            Optional<Answer> onDemand = entry.onDemand().map(l -> finish(Priced.listed(l, entry), query));
            Optional<Answer> spot = entry.spot().map(l -> finish(Priced.listed(l, entry), query.withCapacity(CapacityType.SPOT)));
            Answer first = onDemand.or(() -> spot).orElseThrow();
            items.add(new ListingPage.ListedInstance(entry, onDemand.map(Answer::money), spot.map(Answer::money),
                    first.provenance(false, "")));
        }
        Optional<ListingPage.ListingCursor> next = end < all.size() && !items.isEmpty()
                ? Optional.of(new ListingPage.ListingCursor(all.get(end - 1).region(), all.get(end - 1).instanceType()))
                : Optional.empty();
        return new ListingPage(items, next);
    }

    private Optional<CatalogEntry> find(PriceQuery query) {
        if (query.instanceType().isBlank()) {
            return Optional.empty();
        }
        return catalog.find(query.provider(), query.region(), query.instanceType());
    }

    private Priced resolveListed(CatalogEntry entry, CapacityType capacity, OperatingSystem os) {
        List<String> basis = new ArrayList<>();
        Priced priced;
        if (capacity.pricedAsSpot()) {
            if (entry.spot().isPresent()) {
                priced = Priced.listed(entry.spot().get(), entry);
            } else {
                Listing onDemand = entry.onDemand().orElseThrow();
                SpotRatio ratio = spotRatio(entry.provider(), entry.region());
                basis.add("no spot price listed: on-demand price × " + Prices.shortForm(ratio.ratio) + " (" + ratio.basis + ")");
                priced = new Priced(onDemand.hourly().times(ratio.ratio), onDemand.source(), onDemand.effectiveDate(), true,
                        basis, entry.caveats());
            }
        } else if (entry.onDemand().isPresent()) {
            priced = Priced.listed(entry.onDemand().get(), entry);
            if (capacity == CapacityType.RESERVED) {
                priced = priced.estimatedBecause("no reserved price listed: on-demand price (configure a discount for the reservation)");
            }
        } else {
            Listing spot = entry.spot().orElseThrow();
            SpotRatio ratio = spotRatio(entry.provider(), entry.region());
            basis.add("no on-demand price listed: spot price ÷ " + Prices.shortForm(ratio.ratio) + " (" + ratio.basis + ")");
            priced = new Priced(new Money(spot.hourly().amount().divide(ratio.ratio, Prices.CONTEXT), spot.hourly().currency()),
                    spot.source(), spot.effectiveDate(), true, basis, entry.caveats());
        }
        if (os == OperatingSystem.WINDOWS) {
            priced = priced.estimatedBecause("Linux price: the catalog holds no Windows licence prices");
        }
        return priced;
    }

    private Answer finish(Priced priced, PriceQuery query) {
        List<String> caveats = new ArrayList<>(priced.caveats);
        Money money = priced.hourly;
        Optional<Discount> discount = bestDiscount(query);
        String source = priced.source;
        if (discount.isPresent()) {
            money = new Money(Prices.afterDiscount(money.amount(), discount.get().percent()), money.currency());
            source += discountNote(discount);
        }
        String target = answerCurrency(query);
        boolean stale = isStale(priced.effectiveDate, caveats);
        if (!money.currency().equals(target)) {
            stale |= conversionStale(money.currency(), target, caveats);
            source += conversionNote(money.currency(), target);
            money = exchangeRates.convert(money, target);
        }
        return new Answer(money, source, priced.effectiveDate, priced.estimated, List.copyOf(priced.basis), stale, caveats);
    }

    private String answerCurrency(PriceQuery query) {
        return query.currency().orElse(policy.defaultCurrency());
    }

    private boolean isStale(Optional<LocalDate> effectiveDate, List<String> caveats) {
        if (effectiveDate.isEmpty()) {
            caveats.add("the source gives no date, so the price's age is unknown");
            return true;
        }
        long days = ChronoUnit.DAYS.between(effectiveDate.get(), LocalDate.now(clock));
        if (days > policy.maxPriceAge().toDays()) {
            caveats.add("price dated " + effectiveDate.get() + " is " + days + " days old (maximum " + policy.maxPriceAge().toDays() + ")");
            return true;
        }
        return false;
    }

    private boolean conversionStale(String from, String to, List<String> caveats) {
        if (from.equals(to)) {
            return false;
        }
        long days = ChronoUnit.DAYS.between(exchangeRates.date(), LocalDate.now(clock));
        if (days > policy.maxExchangeRateAge().toDays()) {
            caveats.add("exchange rates dated " + exchangeRates.date() + " are " + days + " days old (maximum "
                    + policy.maxExchangeRateAge().toDays() + ")");
            return true;
        }
        return false;
    }

    private String conversionNote(String from, String to) {
        return from.equals(to) ? "" : "; converted " + from + "->" + to + " at " + exchangeRates.source() + " " + exchangeRates.date();
    }

    private String discountNote(PriceQuery query) {
        return discountNote(bestDiscount(query));
    }

    private static String discountNote(Optional<Discount> discount) {
        return discount.map(d -> "; less " + d.percent().stripTrailingZeros().toPlainString() + "% discount '" + d.name() + "'")
                .orElse("");
    }

    private Optional<Discount> bestDiscount(PriceQuery query) {
        if (discounts.isEmpty()) {
            return Optional.empty();
        }
        Discount best = null;
        int bestScore = -1;
        for (Discount discount : discounts) {
            int score = discount.specificity(query.provider(), query.region(), query.instanceType(), query.capacityType());
            if (score > bestScore) {
                best = discount;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private ResourceRates applyDiscount(ResourceRates rates, PriceQuery query) {
        return bestDiscount(query)
                .map(d -> rates.inCurrency(rates.currency(), amount -> Prices.afterDiscount(amount, d.percent())))
                .orElse(rates);
    }

    private ResourceRates convertRates(ResourceRates rates, String target) {
        if (rates.currency().equals(target)) {
            return rates;
        }
        return rates.inCurrency(target, amount -> exchangeRates.convert(amount, rates.currency(), target));
    }

    private ResourceRates referenceRates(PriceQuery query) {
        String family = InstanceFamilies.familyOf(query.provider(), query.instanceType());
        return bestRateCard(query.provider(), query.region(), family, query.capacityType())
                .map(RateCard::rates)
                .orElse(policy.defaultRates(query.capacityType()));
    }

    private Optional<RateCard> bestRateCard(String provider, String region, String family, CapacityType capacity) {
        RateCard best = null;
        int bestScore = -1;
        for (String key : List.of(cardKey(provider, family), cardKey(provider, ""))) {
            for (RateCard card : cardsByProvider.getOrDefault(key, List.of())) {
                int score = card.specificity(provider, region, family, capacity);
                if (score > bestScore || (score == bestScore && score >= 0 && card.authoritative() && !best.authoritative())) {
                    best = card;
                    bestScore = score;
                }
            }
            if (family.isEmpty()) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Rate cards are indexed by provider and family ("" for provider-wide cards). */
    private static String cardKey(String provider, String family) {
        return (provider.trim() + '|' + family.trim()).toLowerCase(Locale.ROOT);
    }

    private FallbackRates fallbackRates(PriceQuery query) {
        String provider = query.provider();
        String region = query.region();
        String family = query.instanceType().isBlank() ? "" : InstanceFamilies.familyOf(provider, query.instanceType());
        CapacityType capacity = RateCard.pricingCapacity(query.capacityType());
        String subject = query.instanceType().isBlank() ? "no instance type" : "instance type unknown";
        Optional<RateCard> card = bestRateCard(provider, region, family, query.capacityType());
        if (card.isPresent()) {
            RateCard c = card.get();
            String scope = c.family().map(f -> f + " family ").orElse("") + "rates of " + c.provider() + c.region().map(r -> " " + r).orElse("");
            return new FallbackRates(c.rates(), c.source(), c.effectiveDate(), subject + ": " + scope + " (" + c.source() + ")",
                    c.authoritative());
        }
        String cap = capacity == CapacityType.SPOT ? "spot" : "on-demand";
        List<Group> groups = new ArrayList<>();
        if (!family.isEmpty()) {
            groups.add(new Group(groupKey(provider, region, family, capacity),
                    "median " + cap + " rates of the " + family + " family in " + provider + " " + region));
        }
        groups.add(new Group(groupKey(provider, region, "", capacity), "median " + cap + " rates of " + provider + " " + region));
        groups.add(new Group(groupKey(provider, "", "", capacity), "median " + cap + " rates of " + provider + " across its regions"));
        for (Group group : groups) {
            GroupRates rates = groupRates.get(group.key);
            if (rates != null) {
                return new FallbackRates(rates.rates, rates.source, rates.oldestDate,
                        subject + ": " + group.description + " (" + rates.members + " types, ratio split" + rates.note + ")", false);
            }
        }
        return new FallbackRates(policy.defaultRates(capacity), "configured default rates", Optional.empty(),
                subject + " and no " + provider + " prices known: configured default " + cap + " rates", false)
                .datedToday(LocalDate.now(clock));
    }

    private SpotRatio spotRatio(String provider, String region) {
        BigDecimal regional = spotRatios.get(groupKey(provider, region, "", CapacityType.SPOT));
        if (regional != null) {
            return new SpotRatio(regional, "median spot/on-demand ratio of " + provider + " " + region);
        }
        BigDecimal providerWide = spotRatios.get(groupKey(provider, "", "", CapacityType.SPOT));
        if (providerWide != null) {
            return new SpotRatio(providerWide, "median spot/on-demand ratio of " + provider);
        }
        return new SpotRatio(policy.spotToOnDemandRatio(), "configured spot-to-on-demand ratio");
    }

    private static String groupKey(String provider, String region, String family, CapacityType capacity) {
        return (provider + '|' + region + '|' + family + '|' + capacity).toLowerCase(Locale.ROOT);
    }

    private static Map<String, BigDecimal> medianSpotRatios(InstanceCatalog catalog) {
        Map<String, List<BigDecimal>> ratios = new HashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            if (entry.onDemand().isEmpty() || entry.spot().isEmpty() || entry.onDemand().get().hourly().amount().signum() == 0
                    || !entry.onDemand().get().hourly().currency().equals(entry.spot().get().hourly().currency())) {
                continue;
            }
            BigDecimal ratio = entry.spot().get().hourly().amount().divide(entry.onDemand().get().hourly().amount(), Prices.CONTEXT);
            if (ratio.signum() <= 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
                continue;
            }
            ratios.computeIfAbsent(groupKey(entry.provider(), entry.region(), "", CapacityType.SPOT), k -> new ArrayList<>()).add(ratio);
            ratios.computeIfAbsent(groupKey(entry.provider(), "", "", CapacityType.SPOT), k -> new ArrayList<>()).add(ratio);
        }
        Map<String, BigDecimal> medians = new HashMap<>();
        ratios.forEach((key, values) -> medians.put(key, median(values)));
        return Map.copyOf(medians);
    }

    /**
     * Median per-resource rates of every (provider, region, family), (provider, region) and
     * provider group, from the ratio split of each member's listed price. Groups with on-demand
     * members but no spot price get spot rates = on-demand rates × the spot ratio.
     */
    private static Map<String, GroupRates> groupRates(InstanceCatalog catalog, PricingPolicy policy, Map<String, BigDecimal> spotRatios) {
        Map<String, Accumulator> accumulators = new HashMap<>();
        Map<CapacityType, RatioSplitEstimator.Ratios> ratios = Map.of(
                CapacityType.ON_DEMAND, RatioSplitEstimator.ratios(policy.defaultRates(CapacityType.ON_DEMAND)),
                CapacityType.SPOT, RatioSplitEstimator.ratios(policy.defaultRates(CapacityType.SPOT)));
        for (CatalogEntry entry : catalog.entries()) {
            if (entry.shape().isEmpty() || entry.shape().get().isEmpty()) {
                continue;
            }
            String family = InstanceFamilies.familyOf(entry.provider(), entry.instanceType());
            for (CapacityType capacity : List.of(CapacityType.ON_DEMAND, CapacityType.SPOT)) {
                Optional<Listing> listing = capacity == CapacityType.SPOT ? entry.spot() : entry.onDemand();
                if (listing.isEmpty()) {
                    continue;
                }
                Optional<BigDecimal> memoryRate = RatioSplitEstimator.memoryRate(listing.get().hourly().amount(), entry.shape().get(),
                        ratios.get(capacity));
                if (memoryRate.isEmpty()) {
                    continue;
                }
                for (String key : List.of(groupKey(entry.provider(), entry.region(), family, capacity),
                        groupKey(entry.provider(), entry.region(), "", capacity),
                        groupKey(entry.provider(), "", "", capacity))) {
                    accumulators.computeIfAbsent(key, k -> new Accumulator(listing.get().hourly().currency(), ratios.get(capacity)))
                            .add(memoryRate.get(), entry.shape().get().gpuCount() > 0, listing.get());
                }
            }
        }
        Map<String, GroupRates> result = new HashMap<>();
        accumulators.forEach((key, acc) -> result.put(key, acc.toRates("")));
        accumulators.forEach((key, acc) -> {
            if (!key.endsWith("|" + CapacityType.ON_DEMAND.name().toLowerCase(Locale.ROOT))) {
                return;
            }
            String spotKey = key.substring(0, key.lastIndexOf('|') + 1) + CapacityType.SPOT.name().toLowerCase(Locale.ROOT);
            if (result.containsKey(spotKey)) {
                return;
            }
            String[] parts = key.split("\\|", -1);
            BigDecimal ratio = Optional.ofNullable(spotRatios.get(groupKey(parts[0], parts[1], "", CapacityType.SPOT)))
                    .or(() -> Optional.ofNullable(spotRatios.get(groupKey(parts[0], "", "", CapacityType.SPOT))))
                    .orElse(policy.spotToOnDemandRatio());
            GroupRates onDemand = result.get(key);
            result.put(spotKey, new GroupRates(onDemand.rates.scaled(ratio), onDemand.members, onDemand.source, onDemand.oldestDate,
                    ", on-demand × spot ratio " + Prices.shortForm(ratio)));
        });
        return Map.copyOf(result);
    }

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        return sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), Prices.CONTEXT);
    }

    private record Group(String key, String description) {
    }

    /** Reference rates prepared for splitting: their ratios and how answers explain them. */
    private record Reference(RatioSplitEstimator.Ratios ratios, String basis) {
        static Reference of(ResourceRates rates) {
            RatioSplitEstimator.Ratios ratios = RatioSplitEstimator.ratios(rates);
            return new Reference(ratios, "per-resource rates split from the instance price by OpenCost's ratio method (cpu:memory "
                    + Prices.shortForm(ratios.cpuToMemory()) + ":1)");
        }
    }

    private record SpotRatio(BigDecimal ratio, String basis) {
    }

    private record FallbackRates(ResourceRates rates, String source, Optional<LocalDate> effectiveDate, String basis, boolean authoritative) {
        /** Configured defaults are as current as the configuration: they never go stale by date. */
        FallbackRates datedToday(LocalDate today) {
            return new FallbackRates(rates, source, Optional.of(today), basis, authoritative);
        }
    }

    private record GroupRates(ResourceRates rates, int members, String source, Optional<LocalDate> oldestDate, String note) {
    }

    /**
     * Collects the memory rates of a group's members. Every member is split with the same reference
     * ratios, so its cpu rate is k × its memory rate and its GPU rate j × it: the median cpu rate is k ×
     * the median memory rate, and only memory rates need collecting.
     */
    private static final class Accumulator {
        private final String currency;
        private final RatioSplitEstimator.Ratios ratios;
        private final List<BigDecimal> memory = new ArrayList<>();
        private final List<BigDecimal> gpuMembersMemory = new ArrayList<>();
        private final List<String> sources = new ArrayList<>();
        private Optional<LocalDate> oldest = Optional.empty();
        private boolean undated;

        Accumulator(String currency, RatioSplitEstimator.Ratios ratios) {
            this.currency = currency;
            this.ratios = ratios;
        }

        void add(BigDecimal memoryRate, boolean hasGpus, Listing listing) {
            if (!listing.hourly().currency().equals(currency)) {
                return;
            }
            memory.add(memoryRate);
            if (hasGpus) {
                gpuMembersMemory.add(memoryRate);
            }
            if (!sources.contains(listing.source())) {
                sources.add(listing.source());
            }
            if (listing.effectiveDate().isEmpty()) {
                undated = true;
            } else if (oldest.isEmpty() || listing.effectiveDate().get().isBefore(oldest.get())) {
                oldest = listing.effectiveDate();
            }
        }

        GroupRates toRates(String note) {
            BigDecimal medianMemory = median(memory);
            Optional<BigDecimal> gpu = gpuMembersMemory.isEmpty() ? Optional.empty()
                    : Optional.of(median(gpuMembersMemory).multiply(ratios.gpuToMemory(), Prices.CONTEXT));
            ResourceRates rates = new ResourceRates(medianMemory.multiply(ratios.cpuToMemory(), Prices.CONTEXT), medianMemory, gpu, currency);
            String source = sources.size() == 1 ? sources.get(0) : sources.get(0) + " and " + (sources.size() - 1) + " more";
            return new GroupRates(rates, memory.size(), source, undated ? Optional.empty() : oldest, note);
        }
    }

    /** A price in its source currency before discount and conversion. */
    private record Priced(Money hourly, String source, Optional<LocalDate> effectiveDate, boolean estimated,
                          List<String> basis, List<String> caveats) {

        static Priced listed(Listing listing, CatalogEntry entry) {
            return new Priced(listing.hourly(), listing.source(), listing.effectiveDate(), false, new ArrayList<>(), entry.caveats());
        }

        Priced estimatedBecause(String reason) {
            List<String> reasons = new ArrayList<>(basis);
            reasons.add(reason);
            return new Priced(hourly, source, effectiveDate, true, reasons, caveats);
        }
    }

    /** A finished price in the answer currency. */
    private record Answer(Money money, String source, Optional<LocalDate> effectiveDate, boolean estimated,
                          List<String> basis, boolean stale, List<String> caveats) {

        Provenance provenance(boolean alsoEstimated, String extraBasis) {
            List<String> reasons = new ArrayList<>(basis);
            if (!extraBasis.isEmpty()) {
                reasons.add(extraBasis);
            }
            return new Provenance(source, effectiveDate, estimated || alsoEstimated, String.join("; ", reasons), stale, caveats);
        }
    }
}
