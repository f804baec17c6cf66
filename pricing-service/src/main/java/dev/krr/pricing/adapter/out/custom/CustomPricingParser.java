package dev.krr.pricing.adapter.out.custom;

import dev.krr.pricing.adapter.out.catalog.CsvTable;
import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.Discount;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.Listing;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.RateCard;
import dev.krr.pricing.domain.ResourceRates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a custom pricing file — on-prem costs, negotiated rates, discounts — in CSV or YAML into
 * a {@link PriceData} layer. Both formats carry the same three kinds of rows:
 * <ul>
 *   <li>{@code instance}: provider, region, instance type, price per hour (on-demand or spot),
 *       optional vCPU/memory/GPU shape;</li>
 *   <li>{@code rates}: per-resource rates for a provider, optionally a region and a family;</li>
 *   <li>{@code discount}: a percentage off a provider's prices, optionally narrowed to a region,
 *       an instance-type prefix and a capacity type.</li>
 * </ul>
 * Field names may be written snake_case, kebab-case or camelCase. Numbers are read from their
 * text, never through a double. Every problem is reported with its line number; a file with any
 * problem yields no data at all (a half-applied price file is worse than the previous one).
 */
public final class CustomPricingParser {

    private static final Set<String> INSTANCE_FIELDS = Set.of("kind", "provider", "region", "instancetype", "capacitytype", "currency",
            "priceperhour", "ondemandperhour", "spotperhour", "vcpu", "memorygib", "gpucount", "gpumodel", "effectivedate", "source");
    private static final Set<String> RATE_FIELDS = Set.of("kind", "provider", "region", "family", "capacitytype", "currency",
            "cpupervcpuhour", "memorypergibhour", "gpuperhour", "effectivedate", "source");
    private static final Set<String> DISCOUNT_FIELDS = Set.of("kind", "name", "provider", "region", "instancetypeprefix",
            "capacitytype", "percent", "discountpercent", "source", "effectivedate");

    private final String fileName;
    private final LocalDate defaultDate;

    /**
     * @param fileName    named in sources ("custom:prices.yaml") and errors
     * @param defaultDate effective date of rows that give none (the file's modification date)
     */
    public CustomPricingParser(String fileName, LocalDate defaultDate) {
        this.fileName = fileName;
        this.defaultDate = defaultDate;
    }

    /** The data, or every error found. */
    public Result parse(String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            readYaml(content, rows, errors);
        } else if (lower.endsWith(".csv")) {
            readCsv(content, rows, errors);
        } else {
            errors.add(fileName + ": unknown format, name the file *.csv, *.yaml or *.yml");
        }
        return build(rows, errors);
    }

    private void readCsv(String content, List<Row> rows, List<String> errors) {
        try (BufferedReader reader = new BufferedReader(new StringReader(content))) {
            List<String> header = null;
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                List<String> fields;
                try {
                    fields = CsvTable.split(line, number);
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                    continue;
                }
                if (header == null) {
                    header = fields.stream().map(CustomPricingParser::normalise).toList();
                    if (!header.contains("kind")) {
                        errors.add("line " + number + ": the header must name a 'kind' column (instance, rates or discount)");
                        return;
                    }
                    continue;
                }
                if (fields.size() > header.size()) {
                    errors.add("line " + number + ": " + fields.size() + " fields but the header names " + header.size());
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    if (!fields.get(i).isBlank()) {
                        values.put(header.get(i), fields.get(i).trim());
                    }
                }
                rows.add(new Row(number, values));
            }
            if (header == null) {
                errors.add(fileName + ": empty file (a header line with a 'kind' column is needed)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readYaml(String content, List<Row> rows, List<String> errors) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            errors.add("line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
            return;
        } catch (RuntimeException e) {
            errors.add(fileName + ": not valid YAML: " + e.getMessage());
            return;
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode mapping)) {
            errors.add("line " + line(root) + ": expected a mapping with 'instances', 'rates' and/or 'discounts'");
            return;
        }
        for (NodeTuple section : mapping.getValue()) {
            String name = scalar(section.getKeyNode());
            String kind = switch (normalise(name)) {
                case "instances" -> "instance";
                case "rates" -> "rates";
                case "discounts" -> "discount";
                default -> null;
            };
            if (kind == null) {
                errors.add("line " + line(section.getKeyNode()) + ": unknown section '" + name + "' (expected instances, rates, discounts)");
                continue;
            }
            if (!(section.getValueNode() instanceof SequenceNode list)) {
                errors.add("line " + line(section.getValueNode()) + ": '" + name + "' must be a list");
                continue;
            }
            for (Node item : list.getValue()) {
                if (!(item instanceof MappingNode fields)) {
                    errors.add("line " + line(item) + ": each item of '" + name + "' must be a mapping");
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                values.put("kind", kind);
                for (NodeTuple field : fields.getValue()) {
                    if (!(field.getValueNode() instanceof ScalarNode value)) {
                        errors.add("line " + line(field.getValueNode()) + ": '" + scalar(field.getKeyNode()) + "' must be a single value");
                        continue;
                    }
                    if (!value.getValue().isBlank()) {
                        values.put(normalise(scalar(field.getKeyNode())), value.getValue().trim());
                    }
                }
                rows.add(new Row(line(item), values));
            }
        }
    }

    private Result build(List<Row> rows, List<String> errors) {
        Map<String, InstanceParts> instances = new LinkedHashMap<>();
        List<RateCard> cards = new ArrayList<>();
        List<Discount> discounts = new ArrayList<>();
        for (Row row : rows) {
            List<String> rowErrors = new ArrayList<>();
            String kind = row.values.getOrDefault("kind", "");
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "instance" -> instance(row, rowErrors, instances);
                case "rates" -> rates(row, rowErrors).ifPresent(cards::add);
                case "discount" -> discount(row, rowErrors).ifPresent(discounts::add);
                default -> rowErrors.add("kind: must be instance, rates or discount, got '" + kind + "'");
            }
            rowErrors.forEach(e -> errors.add("line " + row.line + ": " + e));
        }
        List<CatalogEntry> entries = new ArrayList<>();
        for (InstanceParts parts : instances.values()) {
            entries.add(new CatalogEntry(parts.provider, parts.region, parts.type, parts.shape, parts.onDemand, parts.spot,
                    List.of()));
        }
        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), errors);
        }
        return new Result(Optional.of(new PriceData(entries, cards, discounts)), List.of());
    }

    private void instance(Row row, List<String> errors, Map<String, InstanceParts> instances) {
        unknownFields(row, INSTANCE_FIELDS, errors);
        String provider = required(row, "provider", errors);
        String region = required(row, "region", errors);
        String type = required(row, "instancetype", errors);
        String currency = currency(row, errors);
        Optional<LocalDate> date = date(row, errors);
        String source = source(row);
        Optional<BigDecimal> onDemand = amount(row, "ondemandperhour", errors);
        Optional<BigDecimal> spot = amount(row, "spotperhour", errors);
        Optional<BigDecimal> price = amount(row, "priceperhour", errors);
        if (price.isPresent()) {
            CapacityType capacity = capacity(row, errors).orElse(CapacityType.ON_DEMAND);
            if (capacity.pricedAsSpot()) {
                spot = spot.or(() -> price);
            } else {
                onDemand = onDemand.or(() -> price);
            }
        }
        if (onDemand.isEmpty() && spot.isEmpty()) {
            errors.add("price_per_hour (or on_demand_per_hour / spot_per_hour): an instance needs a price");
        }
        Optional<InstanceShape> shape = shape(row, errors);
        if (!errors.isEmpty()) {
            return;
        }
        String key = (provider + "|" + region + "|" + type).toLowerCase(Locale.ROOT);
        InstanceParts parts = instances.computeIfAbsent(key, k -> new InstanceParts(provider, region, type));
        Optional<Listing> od = onDemand.map(p -> new Listing(new Money(p, currency), source, date));
        Optional<Listing> sp = spot.map(p -> new Listing(new Money(p, currency), source, date));
        if ((od.isPresent() && parts.onDemand.isPresent()) || (sp.isPresent() && parts.spot.isPresent())) {
            errors.add(provider + "/" + region + "/" + type + " is priced twice for the same capacity type");
            return;
        }
        parts.onDemand = parts.onDemand.or(() -> od);
        parts.spot = parts.spot.or(() -> sp);
        parts.shape = parts.shape.or(() -> shape);
    }

    private Optional<RateCard> rates(Row row, List<String> errors) {
        unknownFields(row, RATE_FIELDS, errors);
        String provider = required(row, "provider", errors);
        String currency = currency(row, errors);
        Optional<BigDecimal> cpu = amount(row, "cpupervcpuhour", errors);
        Optional<BigDecimal> memory = amount(row, "memorypergibhour", errors);
        Optional<BigDecimal> gpu = amount(row, "gpuperhour", errors);
        if (cpu.isEmpty()) {
            errors.add("cpu_per_vcpu_hour: required for rates");
        }
        if (memory.isEmpty()) {
            errors.add("memory_per_gib_hour: required for rates");
        }
        Optional<CapacityType> capacity = capacity(row, errors);
        Optional<LocalDate> date = date(row, errors);
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RateCard(provider, optional(row, "region"), optional(row, "family"),
                capacity.map(RateCard::pricingCapacity).orElse(CapacityType.ON_DEMAND),
                new ResourceRates(cpu.get(), memory.get(), gpu, currency), source(row), date, true));
    }

    private Optional<Discount> discount(Row row, List<String> errors) {
        unknownFields(row, DISCOUNT_FIELDS, errors);
        String provider = required(row, "provider", errors);
        Optional<BigDecimal> percent = amount(row, "percent", errors).or(() -> amount(row, "discountpercent", errors));
        if (percent.isEmpty()) {
            errors.add("percent: required for a discount");
        } else if (percent.get().compareTo(BigDecimal.valueOf(100)) > 0) {
            errors.add("percent: must be between 0 and 100, got " + percent.get().toPlainString());
        }
        Optional<CapacityType> capacity = capacity(row, errors);
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        String name = optional(row, "name").orElse(fileName + " line " + row.line);
        return Optional.of(new Discount(name, provider, optional(row, "region"), optional(row, "instancetypeprefix"), capacity,
                percent.get()));
    }

    private static void unknownFields(Row row, Set<String> known, List<String> errors) {
        for (String field : row.values.keySet()) {
            if (!known.contains(field)) {
                errors.add(field + ": unknown field for kind " + row.values.get("kind"));
            }
        }
    }

    private static String required(Row row, String field, List<String> errors) {
        String value = row.values.get(field);
        if (value == null) {
            errors.add(display(field) + ": required");
            return "";
        }
        return value;
    }

    private static Optional<String> optional(Row row, String field) {
        return Optional.ofNullable(row.values.get(field));
    }

    private static Optional<BigDecimal> amount(Row row, String field, List<String> errors) {
        String value = row.values.get(field);
        if (value == null) {
            return Optional.empty();
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                errors.add(display(field) + ": must not be negative, got " + value);
                return Optional.empty();
            }
            return Optional.of(amount);
        } catch (NumberFormatException e) {
            errors.add(display(field) + ": '" + value + "' is not a number");
            return Optional.empty();
        }
    }

    private static String currency(Row row, List<String> errors) {
        String value = row.values.getOrDefault("currency", "USD");
        if (!value.matches("[A-Z]{3}")) {
            errors.add("currency: must be an ISO 4217 code such as USD, got '" + value + "'");
            return "USD";
        }
        return value;
    }

    private static Optional<CapacityType> capacity(Row row, List<String> errors) {
        String value = row.values.get("capacitytype");
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "on-demand", "ondemand" -> Optional.of(CapacityType.ON_DEMAND);
            case "spot" -> Optional.of(CapacityType.SPOT);
            case "preemptible" -> Optional.of(CapacityType.PREEMPTIBLE);
            case "reserved" -> Optional.of(CapacityType.RESERVED);
            default -> {
                errors.add("capacity_type: must be on-demand, spot, preemptible or reserved, got '" + value + "'");
                yield Optional.empty();
            }
        };
    }

    private Optional<LocalDate> date(Row row, List<String> errors) {
        String value = row.values.get("effectivedate");
        if (value == null) {
            return Optional.of(defaultDate);
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            errors.add("effective_date: must be yyyy-mm-dd, got '" + value + "'");
            return Optional.empty();
        }
    }

    private String source(Row row) {
        return "custom:" + fileName + optional(row, "source").map(s -> " (" + s + ")").orElse("");
    }

    private static Optional<InstanceShape> shape(Row row, List<String> errors) {
        Optional<BigDecimal> vcpu = amount(row, "vcpu", errors);
        Optional<BigDecimal> memory = amount(row, "memorygib", errors);
        Optional<BigDecimal> gpus = amount(row, "gpucount", errors);
        if (vcpu.isPresent() != memory.isPresent()) {
            errors.add("vcpu and memory_gib: give both or neither");
            return Optional.empty();
        }
        if (gpus.isPresent() && gpus.get().stripTrailingZeros().scale() > 0) {
            errors.add("gpu_count: must be a whole number, got " + gpus.get().toPlainString());
            return Optional.empty();
        }
        if (vcpu.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceShape(vcpu.get(), memory.get(), gpus.map(BigDecimal::intValue).orElse(0),
                optional(row, "gpumodel").orElse("")));
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static String display(String normalised) {
        return switch (normalised) {
            case "instancetype" -> "instance_type";
            case "priceperhour" -> "price_per_hour";
            case "ondemandperhour" -> "on_demand_per_hour";
            case "spotperhour" -> "spot_per_hour";
            case "memorygib" -> "memory_gib";
            case "gpucount" -> "gpu_count";
            case "cpupervcpuhour" -> "cpu_per_vcpu_hour";
            case "memorypergibhour" -> "memory_per_gib_hour";
            case "gpuperhour" -> "gpu_per_hour";
            case "discountpercent" -> "discount_percent";
            default -> normalised;
        };
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "";
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** Parsed data, or the errors that rejected the file. */
    public record Result(Optional<PriceData> data, List<String> errors) {
    }

    private record Row(int line, Map<String, String> values) {
    }

    private static final class InstanceParts {
        final String provider;
        final String region;
        final String type;
        Optional<Listing> onDemand = Optional.empty();
        Optional<Listing> spot = Optional.empty();
        Optional<InstanceShape> shape = Optional.empty();

        InstanceParts(String provider, String region, String type) {
            this.provider = provider;
            this.region = region;
            this.type = type;
        }
    }
}
