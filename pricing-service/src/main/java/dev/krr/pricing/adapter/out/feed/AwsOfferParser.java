package dev.krr.pricing.adapter.out.feed;

import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.Listing;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.PriceData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads EC2 on-demand Linux prices from the AWS Price List formats: a bulk offer file
 * ({@code products} + {@code terms.OnDemand}), one Pricing API {@code GetProducts} price list item
 * ({@code product} + {@code terms}), or a whole {@code GetProducts} response ({@code PriceList}
 * of JSON strings). Only shared-tenancy Linux instances without pre-installed software and with
 * capacity status "Used" count; the price is the term's hourly ({@code Hrs}) dimension in whatever
 * currency it is listed (CNY in the China regions). Upfront fees, storage and Windows/BYOL SKUs are
 * ignored.
 */
public final class AwsOfferParser {

    /** Regions by the offer's {@code location} name, for items that carry no {@code regionCode}. */
    private static final Map<String, String> REGIONS_BY_LOCATION = Map.ofEntries(
            Map.entry("US East (N. Virginia)", "us-east-1"), Map.entry("US East (Ohio)", "us-east-2"),
            Map.entry("US West (N. California)", "us-west-1"), Map.entry("US West (Oregon)", "us-west-2"),
            Map.entry("EU (Ireland)", "eu-west-1"), Map.entry("EU (London)", "eu-west-2"), Map.entry("EU (Paris)", "eu-west-3"),
            Map.entry("EU (Frankfurt)", "eu-central-1"), Map.entry("EU (Stockholm)", "eu-north-1"),
            Map.entry("Asia Pacific (Tokyo)", "ap-northeast-1"), Map.entry("Asia Pacific (Seoul)", "ap-northeast-2"),
            Map.entry("Asia Pacific (Singapore)", "ap-southeast-1"), Map.entry("Asia Pacific (Sydney)", "ap-southeast-2"),
            Map.entry("Asia Pacific (Mumbai)", "ap-south-1"), Map.entry("Canada (Central)", "ca-central-1"),
            Map.entry("South America (Sao Paulo)", "sa-east-1"), Map.entry("China (Beijing)", "cn-north-1"),
            Map.entry("China (Ningxia)", "cn-northwest-1"));

    private AwsOfferParser() {
    }

    public static FeedPage parse(String json, String sourceName) {
        JsonNode root = FeedJson.read(json, sourceName);
        List<CatalogEntry> entries = new ArrayList<>();
        if (root.has("products")) {
            String source = "aws-offer:" + FeedJson.text(root, "offerCode") + "@" + FeedJson.text(root, "version");
            JsonNode onDemand = root.path("terms").path("OnDemand");
            for (JsonNode product : root.path("products").values()) {
                entry(product, onDemand.path(FeedJson.text(product, "sku")), source).ifPresent(entries::add);
            }
        } else if (root.has("product")) {
            entry(root.get("product"), root.path("terms").path("OnDemand"), "aws-pricing-api:GetProducts").ifPresent(entries::add);
        } else if (root.has("PriceList")) {
            for (JsonNode item : root.get("PriceList")) {
                JsonNode parsed = item.isString() ? FeedJson.read(item.asString(), sourceName + " PriceList item") : item;
                entry(parsed.path("product"), parsed.path("terms").path("OnDemand"), "aws-pricing-api:GetProducts").ifPresent(entries::add);
            }
        } else {
            throw new IllegalArgumentException(sourceName + ": neither an offer file (products) nor a GetProducts item (product)");
        }
        return new FeedPage(PriceData.ofEntries(entries), Optional.empty());
    }

    private static Optional<CatalogEntry> entry(JsonNode product, JsonNode skuTerms, String source) {
        if (!FeedJson.text(product, "productFamily").startsWith("Compute Instance")) {
            return Optional.empty();
        }
        JsonNode a = product.path("attributes");
        if (!"Linux".equals(FeedJson.text(a, "operatingSystem")) || !"Shared".equals(FeedJson.text(a, "tenancy"))
                || !"NA".equals(FeedJson.text(a, "preInstalledSw"))
                || !"No License required".equals(FeedJson.text(a, "licenseModel"))
                || !(FeedJson.text(a, "capacitystatus").isEmpty() || "Used".equals(FeedJson.text(a, "capacitystatus")))) {
            return Optional.empty();
        }
        Optional<String> region = region(a);
        String type = FeedJson.text(a, "instanceType");
        if (region.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode term : skuTerms.values()) {
            for (JsonNode dimension : term.path("priceDimensions").values()) {
                if (!"Hrs".equals(FeedJson.text(dimension, "unit"))) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> price : dimension.path("pricePerUnit").properties()) {
                    BigDecimal hourly = new BigDecimal(price.getValue().asString());
                    if (hourly.signum() <= 0) {
                        continue;
                    }
                    Optional<LocalDate> date = FeedJson.date(FeedJson.text(term, "effectiveDate"));
                    return Optional.of(new CatalogEntry("aws", region.get(), type, shape(a),
                            Optional.of(new Listing(new Money(hourly.stripTrailingZeros(), price.getKey()), source, date)),
                            Optional.empty(), List.of()));
                }
            }
        }
        return Optional.empty();
    }

    /** regionCode, else the location name, else the usage type: "USE2-BoxUsage" is us-east-2 and an unprefixed "BoxUsage" us-east-1. */
    private static Optional<String> region(JsonNode attributes) {
        String code = FeedJson.text(attributes, "regionCode");
        if (!code.isEmpty()) {
            return Optional.of(code);
        }
        String byLocation = REGIONS_BY_LOCATION.get(FeedJson.text(attributes, "location"));
        if (byLocation != null) {
            return Optional.of(byLocation);
        }
        return FeedJson.text(attributes, "usagetype").startsWith("BoxUsage") ? Optional.of("us-east-1") : Optional.empty();
    }

    private static Optional<InstanceShape> shape(JsonNode attributes) {
        try {
            BigDecimal vcpu = new BigDecimal(FeedJson.text(attributes, "vcpu"));
            BigDecimal memory = new BigDecimal(FeedJson.text(attributes, "memory").replace("GiB", "").replace(",", "").trim());
            String gpu = FeedJson.text(attributes, "gpu");
            int gpus = gpu.isEmpty() || gpu.equals("NA") ? 0 : Integer.parseInt(gpu);
            return Optional.of(new InstanceShape(vcpu, memory, gpus, ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
