package dev.krr.pricing.adapter.out.catalog;

import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.Listing;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.RateCard;
import dev.krr.pricing.domain.ResourceRates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the catalog bundled in the jar under {@code catalog/}: real list prices of AWS, GCP,
 * Azure, Oracle and DigitalOcean ({@code instance-prices.csv}, USD), Alibaba ({@code
 * alibaba-ecs-prices-cny.csv}, CNY), GCP per-family and Oracle per-OCPU component prices, and the
 * Azure rows whose source disagreed with itself. Each price keeps its source and date; the
 * caveats of the data's README travel with the rows they concern.
 */
public final class BundledCatalogReader {

    static final String INSTANCE_PRICES = "catalog/instance-prices.csv";
    static final String ALIBABA_PRICES = "catalog/alibaba-ecs-prices-cny.csv";
    static final String AZURE_ANOMALIES = "catalog/azure-price-anomalies.csv";
    static final String GCP_COMPONENTS = "catalog/gcp-component-prices.csv";
    static final String OCI_COMPONENTS = "catalog/oci-component-prices.csv";

    private static final String AWS_SNAPSHOT_CAVEAT = "AWS prices outside us-east-1 are a 2024-04-04 snapshot: types launched"
            + " since are missing and p4d/p4de/p5 predate the 2025 price cut";
    private static final String AWS_SPOT_CAVEAT = "AWS spot price is the average at scrape time (2024-04-04); spot prices move hourly";
    private static final String GCP_BUNDLED_GPU_CAVEAT = "price includes the machine type's bundled GPUs";
    private static final String ALIBABA_CAVEAT = "Alibaba prices are listed in CNY (on-demand, scraped from the Chinese price page)";
    private static final String OCI_COMPONENT_NOTE = "region-independent Oracle list price";

    private final ClassLoader classLoader;

    public BundledCatalogReader() {
        this(BundledCatalogReader.class.getClassLoader());
    }

    BundledCatalogReader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    public PriceData read() {
        Map<String, String> azureAnomalies = read(AZURE_ANOMALIES, BundledCatalogReader::azureAnomalies);
        List<CatalogEntry> entries = new ArrayList<>(read(INSTANCE_PRICES, table -> instancePrices(table, azureAnomalies)));
        entries.addAll(read(ALIBABA_PRICES, this::alibabaPrices));
        List<RateCard> cards = new ArrayList<>(read(GCP_COMPONENTS, BundledCatalogReader::gcpComponents));
        cards.addAll(read(OCI_COMPONENTS, BundledCatalogReader::ociComponents));
        return new PriceData(entries, cards, List.of());
    }

    private <T> T read(String resource, Function<CsvTable, T> parser) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled catalog file " + resource + " is missing from the classpath");
            }
            CsvTable table = CsvTable.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            try {
                return parser.apply(table);
            } catch (RuntimeException e) {
                throw new IllegalStateException(resource + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private List<CatalogEntry> instancePrices(CsvTable table, Map<String, String> azureAnomalies) {
        List<CatalogEntry> entries = new ArrayList<>(table.rows().size());
        for (CsvTable.Row row : table.rows()) {
            try {
                entries.add(instancePrice(row, azureAnomalies));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }

    private CatalogEntry instancePrice(CsvTable.Row row, Map<String, String> azureAnomalies) {
        {
            String provider = row.require("provider");
            String region = row.require("region");
            String type = row.require("instance_type");
            String repos = row.require("source_repo");
            String paths = row.require("source_path");
            String commits = row.require("source_commit_or_date");
            Optional<Listing> onDemand = row.get("price_on_demand_usd_per_hour")
                    .map(p -> listing(p, "USD", repos, paths, commits, 0));
            Optional<Listing> spot = row.get("price_spot_usd_per_hour")
                    .map(p -> listing(p, "USD", repos, paths, commits, 1));
            List<String> caveats = new ArrayList<>();
            if (provider.equals("aws") && !region.equals("us-east-1")) {
                caveats.add(AWS_SNAPSHOT_CAVEAT);
            }
            if (provider.equals("aws") && spot.isPresent()) {
                caveats.add(AWS_SPOT_CAVEAT);
            }
            Optional<InstanceShape> shape = shape(row);
            fractionalGpu(row).ifPresent(caveats::add);
            if (provider.equals("gcp") && shape.map(s -> s.gpuCount() > 0).orElse(false)) {
                caveats.add(GCP_BUNDLED_GPU_CAVEAT);
            }
            String anomaly = azureAnomalies.get(region + "|" + type.toLowerCase(Locale.ROOT));
            if (provider.equals("azure") && anomaly != null) {
                caveats.add(anomaly);
            }
            if (onDemand.isEmpty() && spot.isEmpty()) {
                throw new IllegalArgumentException("line " + row.line() + ": " + type + " has no price");
            }
            return new CatalogEntry(provider, region, type, shape, onDemand, spot, caveats);
        }
    }

    private List<CatalogEntry> alibabaPrices(CsvTable table) {
        List<CatalogEntry> entries = new ArrayList<>(table.rows().size());
        for (CsvTable.Row row : table.rows()) {
            String currency = row.require("currency").substring(0, 3);
            String repo = row.require("source_repo");
            String path = row.require("source_path");
            String commit = row.require("source_commit_or_date");
            Optional<Listing> onDemand = row.get("price_on_demand_per_hour").map(p -> listing(p, currency, repo, path, commit, 0));
            Optional<Listing> spot = row.get("price_spot_per_hour").map(p -> listing(p, currency, repo, path, commit, 0));
            if (onDemand.isEmpty() && spot.isEmpty()) {
                continue;
            }
            entries.add(new CatalogEntry(row.require("provider"), row.require("region"), row.require("instance_type"),
                    shape(row), onDemand, spot, List.of(ALIBABA_CAVEAT)));
        }
        return entries;
    }

    private static Map<String, String> azureAnomalies(CsvTable table) {
        Map<String, String> anomalies = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String values = row.require("values_by_commit(commit8@generated=price)").replace(';', ',');
            anomalies.put(row.require("region") + "|" + row.require("arm_sku").toLowerCase(Locale.ROOT),
                    "Azure's generated price table disagreed with itself across versions (" + values
                            + "); the minimum was taken and may still include a Windows licence");
        }
        return anomalies;
    }

    /**
     * GCP per-family vCPU and GiB list prices (the source names no region; they reproduce
     * us-central1). Spot memory is the on-demand GiB price × the family's spot ratio, as the source
     * gives only the spot vCPU price and the ratio.
     */
    private static List<RateCard> gcpComponents(CsvTable table) {
        List<RateCard> cards = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            String kind = row.require("machine_kind");
            if (!kind.equals("predefined") && !kind.equals("custom")) {
                continue;
            }
            String family = row.require("family") + (kind.equals("custom") ? "-custom" : "");
            String source = SourceCitations.source(row.require("source_repo"), row.require("source_path"),
                    row.require("source_commit_or_date"));
            Optional<LocalDate> date = SourceCitations.date(row.require("source_commit_or_date"));
            BigDecimal cpu = new BigDecimal(row.require("vcpu_hour"));
            BigDecimal gib = new BigDecimal(row.require("gib_hour"));
            cards.add(new RateCard("gcp", Optional.of(row.require("region")), Optional.of(family), CapacityType.ON_DEMAND,
                    new ResourceRates(cpu, gib, Optional.empty(), "USD"), source, date, false));
            Optional<String> spotCpu = row.get("spot_vcpu_hour");
            Optional<String> ratio = row.get("spot_ratio");
            if (spotCpu.isPresent() && ratio.isPresent()) {
                BigDecimal spotGib = gib.multiply(new BigDecimal(ratio.get()));
                cards.add(new RateCard("gcp", Optional.of(row.require("region")), Optional.of(family), CapacityType.SPOT,
                        new ResourceRates(new BigDecimal(spotCpu.get()), spotGib, Optional.empty(), "USD"), source, date, false));
            }
        }
        return cards;
    }

    /**
     * Oracle per-shape OCPU, memory and GPU prices. An OCPU is one physical core: 2 vCPUs on x86,
     * 1 on Ampere (A1/A2) shapes, so E4.Flex's 0.025/OCPU-h is 0.0125/vCPU-h and a 2 vCPU 8 GB
     * E4.Flex costs 2 × 0.0125 + 8 × 0.0015 = 0.037/h, the catalog's listed price.
     */
    private static List<RateCard> ociComponents(CsvTable table) {
        Map<String, Map<String, BigDecimal>> byShape = new LinkedHashMap<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, Optional<LocalDate>> dates = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String shape = row.require("shape");
            Optional<BigDecimal> price = payAsYouGo(row.require("usd_prices"));
            if (price.isEmpty()) {
                continue;
            }
            byShape.computeIfAbsent(shape, s -> new HashMap<>()).put(row.require("component"), price.get());
            String citation = row.require("source_commit_or_date");
            sources.put(shape, SourceCitations.source(row.require("source_repo"), "prices_usd.json", citation));
            dates.put(shape, SourceCitations.date(citation));
        }
        List<RateCard> cards = new ArrayList<>();
        byShape.forEach((shape, parts) -> {
            BigDecimal ocpu = parts.get("OCPU");
            BigDecimal memory = parts.get("Memory");
            if (ocpu == null || memory == null) {
                return;
            }
            boolean ampere = shape.contains(".A1") || shape.contains(".A2");
            BigDecimal perVcpu = ampere ? ocpu : ocpu.divide(BigDecimal.valueOf(2));
            cards.add(new RateCard("oci", Optional.empty(), Optional.of(shape), CapacityType.ON_DEMAND,
                    new ResourceRates(perVcpu, memory, Optional.ofNullable(parts.get("GPU")), "USD"),
                    sources.get(shape) + " (" + OCI_COMPONENT_NOTE + ")", dates.get(shape), false));
        });
        return cards;
    }

    /**
     * The pay-as-you-go price; of a tiered price ("0 (range 0-3000);0.01 (range 3000-...)", the
     * Ampere free tier) the last tier, which is what a node running all month pays at the margin.
     */
    private static Optional<BigDecimal> payAsYouGo(String prices) {
        String[] tiers = prices.split(";");
        String last = tiers[tiers.length - 1].trim();
        if (!last.startsWith("PAY_AS_YOU_GO=")) {
            return Optional.empty();
        }
        String value = last.substring("PAY_AS_YOU_GO=".length());
        int range = value.indexOf('(');
        return Optional.of(new BigDecimal((range >= 0 ? value.substring(0, range) : value).trim()));
    }

    /** Citations repeat on thousands of rows; each distinct one is parsed once. */
    private final Map<String, Citation> citations = new HashMap<>();

    private record Citation(String source, Optional<LocalDate> date) {
    }

    private Listing listing(String price, String currency, String repos, String paths, String commits, int part) {
        Citation citation = citations.computeIfAbsent(repos + '\n' + paths + '\n' + commits + '\n' + part, k -> new Citation(
                SourceCitations.source(SourceCitations.part(repos, part), SourceCitations.part(paths, part), SourceCitations.part(commits, part)),
                SourceCitations.date(SourceCitations.part(commits, part))));
        return new Listing(new Money(new BigDecimal(price), currency), citation.source(), citation.date());
    }

    /** Azure's partial-GPU sizes (NVv4: 1/8 to 1/2 of a GPU) count no whole GPU; their GPU cost stays in the split rates. */
    private static Optional<String> fractionalGpu(CsvTable.Row row) {
        return row.get("gpu_count").map(BigDecimal::new)
                .filter(g -> g.stripTrailingZeros().scale() > 0)
                .map(g -> "a fraction (" + g.stripTrailingZeros().toPlainString() + ") of a " + row.get("gpu_model").orElse("GPU")
                        + " is included in the price; per-GPU rates do not apply");
    }

    private static Optional<InstanceShape> shape(CsvTable.Row row) {
        Optional<String> vcpu = row.get("vcpu");
        Optional<String> memory = row.get("memory_gib");
        if (vcpu.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal gpuCount = row.get("gpu_count").map(BigDecimal::new).orElse(BigDecimal.ZERO);
        int gpus = gpuCount.stripTrailingZeros().scale() <= 0 ? gpuCount.intValueExact() : 0;
        return Optional.of(new InstanceShape(new BigDecimal(vcpu.get()), new BigDecimal(memory.get()), gpus,
                row.get("gpu_model").orElse("")));
    }
}
