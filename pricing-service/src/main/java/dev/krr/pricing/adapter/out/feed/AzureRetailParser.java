package dev.krr.pricing.adapter.out.feed;

import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.Listing;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads virtual machine prices from one page of the Azure Retail Prices API ({@code Items} or
 * {@code items}, {@code NextPageLink}). Only pay-as-you-go ({@code type = Consumption}) hourly
 * meters of Linux products count: a product name containing "Windows" is the Windows licence
 * price — the very meters that contaminated the karpenter-generated table — and "Low Priority"
 * (Batch) meters are skipped. A sku name ending in " Spot" is the spot price.
 */
public final class AzureRetailParser {

    private AzureRetailParser() {
    }

    public static FeedPage parse(String json, String sourceName) {
        JsonNode root = FeedJson.read(json, sourceName);
        JsonNode items = root.has("Items") ? root.get("Items") : root.path("items");
        if (!items.isArray()) {
            throw new IllegalArgumentException(sourceName + ": no Items array (not an Azure Retail Prices response)");
        }
        Map<String, Parts> byKey = new LinkedHashMap<>();
        for (JsonNode item : items) {
            if (!"Consumption".equals(FeedJson.text(item, "type")) || !"Virtual Machines".equals(FeedJson.text(item, "serviceName"))
                    || !"1 Hour".equals(FeedJson.text(item, "unitOfMeasure"))) {
                continue;
            }
            String product = FeedJson.text(item, "productName");
            String sku = FeedJson.text(item, "skuName");
            if (product.contains("Windows") || sku.endsWith("Low Priority")) {
                continue;
            }
            String region = FeedJson.text(item, "armRegionName");
            String type = FeedJson.text(item, "armSkuName");
            if (region.isEmpty() || type.isEmpty()) {
                continue;
            }
            BigDecimal price = item.path("retailPrice").decimalValue();
            if (price.signum() <= 0) {
                continue;
            }
            Listing listing = new Listing(new Money(price, FeedJson.text(item, "currencyCode")),
                    "azure-retail-prices:" + FeedJson.text(item, "meterId"), FeedJson.date(FeedJson.text(item, "effectiveStartDate")));
            Parts parts = byKey.computeIfAbsent((region + "|" + type).toLowerCase(Locale.ROOT), k -> new Parts(region, type));
            if (sku.endsWith(" Spot")) {
                parts.spot = Optional.of(listing);
            } else {
                parts.onDemand = Optional.of(listing);
            }
        }
        List<CatalogEntry> entries = new ArrayList<>();
        for (Parts parts : byKey.values()) {
            entries.add(new CatalogEntry("azure", parts.region, parts.type, Optional.empty(), parts.onDemand, parts.spot, List.of()));
        }
        String next = FeedJson.text(root, "NextPageLink");
        return new FeedPage(PriceData.ofEntries(entries), next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    private static final class Parts {
        final String region;
        final String type;
        Optional<Listing> onDemand = Optional.empty();
        Optional<Listing> spot = Optional.empty();

        Parts(String region, String type) {
            this.region = region;
            this.type = type;
        }
    }
}
