package dev.krr.pricing.adapter.out.feed;

import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.RateCard;
import dev.krr.pricing.domain.ResourceRates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads Compute Engine per-family vCPU and memory prices from the Cloud Billing Catalog
 * {@code services/.../skus} list. GCP prices machines by component, so a family's
 * "Instance Core" (per vCPU-hour) and "Instance Ram" (per GiB-hour) SKUs make one rate card per
 * service region and usage type (OnDemand, or Preemptible = spot). Amounts are {@code units +
 * nanos} and stay exact; the currency is whatever the account's catalog uses. GPU, commitment and
 * sole-tenancy SKUs are ignored.
 */
public final class GcpSkuParser {

    private GcpSkuParser() {
    }

    public static FeedPage parse(String json, String sourceName, LocalDate fetchedOn) {
        JsonNode root = FeedJson.read(json, sourceName);
        JsonNode skus = root.path("skus");
        if (!skus.isArray()) {
            throw new IllegalArgumentException(sourceName + ": no skus array (not a Cloud Billing Catalog response)");
        }
        Map<String, Parts> byKey = new LinkedHashMap<>();
        for (JsonNode sku : skus) {
            JsonNode category = sku.path("category");
            String group = FeedJson.text(category, "resourceGroup");
            String usage = FeedJson.text(category, "usageType");
            String description = FeedJson.text(sku, "description");
            boolean cpu = group.equals("CPU") && description.contains("Instance Core");
            boolean ram = group.equals("RAM") && description.contains("Instance Ram");
            if (!(cpu || ram) || !(usage.equals("OnDemand") || usage.equals("Preemptible")) || description.contains("Sole Tenancy")) {
                continue;
            }
            JsonNode pricing = sku.path("pricingInfo").path(0);
            JsonNode rates = pricing.path("pricingExpression").path("tieredRates");
            if (!rates.isArray() || rates.isEmpty()) {
                continue;
            }
            JsonNode unitPrice = rates.get(rates.size() - 1).path("unitPrice");
            BigDecimal amount = new BigDecimal(FeedJson.text(unitPrice, "units").isEmpty() ? "0" : FeedJson.text(unitPrice, "units"))
                    .add(BigDecimal.valueOf(unitPrice.path("nanos").asLong(), 9));
            String currency = FeedJson.text(unitPrice, "currencyCode");
            String family = family(description);
            CapacityType capacity = usage.equals("Preemptible") ? CapacityType.SPOT : CapacityType.ON_DEMAND;
            Optional<LocalDate> date = FeedJson.date(FeedJson.text(pricing, "effectiveTime")).or(() -> Optional.of(fetchedOn));
            for (JsonNode region : sku.path("serviceRegions")) {
                String key = String.join("|", region.asString(), family, capacity.name(), currency);
                Parts parts = byKey.computeIfAbsent(key, k -> new Parts(region.asString(), family, capacity, currency));
                if (cpu) {
                    parts.cpu = amount;
                } else {
                    parts.memory = amount;
                }
                parts.date = date;
                parts.skus.add(FeedJson.text(sku, "skuId"));
            }
        }
        List<RateCard> cards = new ArrayList<>();
        for (Parts parts : byKey.values()) {
            if (parts.cpu != null && parts.memory != null) {
                cards.add(new RateCard("gcp", Optional.of(parts.region), Optional.of(parts.family), parts.capacity,
                        new ResourceRates(parts.cpu, parts.memory, Optional.empty(), parts.currency),
                        "gcp-cloud-billing:" + String.join("+", parts.skus), parts.date, false));
            }
        }
        return new FeedPage(new PriceData(List.of(), cards, List.of()), Optional.empty());
    }

    /** "E2 Instance Core running in Americas" -> e2; "T2D AMD Instance Ram ..." -> t2d; "N2 Custom Instance Core" -> n2-custom; "Custom Instance Core" -> n1-custom. */
    static String family(String description) {
        String lower = description.toLowerCase(Locale.ROOT).replace("spot preemptible ", "").replace("preemptible ", "");
        String first = lower.split(" ")[0];
        boolean custom = lower.contains("custom");
        if (first.equals("custom")) {
            return "n1-custom";
        }
        return custom ? first + "-custom" : first;
    }

    private static final class Parts {
        final String region;
        final String family;
        final CapacityType capacity;
        final String currency;
        final List<String> skus = new ArrayList<>();
        BigDecimal cpu;
        BigDecimal memory;
        Optional<LocalDate> date = Optional.empty();

        Parts(String region, String family, CapacityType capacity, String currency) {
            this.region = region;
            this.family = family;
            this.capacity = capacity;
            this.currency = currency;
        }
    }
}
