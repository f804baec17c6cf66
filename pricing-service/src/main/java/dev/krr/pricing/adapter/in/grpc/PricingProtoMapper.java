package dev.krr.pricing.adapter.in.grpc;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.ExchangeRates;
import dev.krr.pricing.domain.InstanceQuote;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.ListingPage;
import dev.krr.pricing.domain.Money;
import dev.krr.pricing.domain.NodeRatesQuote;
import dev.krr.pricing.domain.OperatingSystem;
import dev.krr.pricing.domain.PriceQuery;
import dev.krr.pricing.domain.Provenance;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.InstancePrice;
import dev.krr.pricing.v1.InstanceTypeListing;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.types.v1.PriceProvenance;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns pricing requests into domain queries, validating every field on the way (a bad field
 * becomes {@link InvalidRequestException} naming it, with the batch index when there is one), and
 * domain answers back into protobuf with exact money.
 */
final class PricingProtoMapper {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,62}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-$/:]{0,127}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private PricingProtoMapper() {
    }

    static PriceQuery toQuery(GetInstancePriceRequest request, String prefix, ExchangeRates rates) {
        if (!request.hasInstance()) {
            throw new InvalidRequestException(prefix + "instance", "is required");
        }
        PriceQuery query = toQuery(request.getInstance(), prefix + "instance.", false);
        return withCurrency(query, request.getCurrency(), prefix + "currency", rates);
    }

    static PriceQuery toQuery(GetNodeRatesRequest request, String prefix, ExchangeRates rates) {
        if (!request.hasInstance()) {
            throw new InvalidRequestException(prefix + "instance", "is required");
        }
        PriceQuery query = toQuery(request.getInstance(), prefix + "instance.", request.hasNodeShape());
        if (request.hasNodeShape()) {
            query = query.withShape(toShape(request.getNodeShape(), prefix + "node_shape."));
        }
        return withCurrency(query, request.getCurrency(), prefix + "currency", rates);
    }

    static PriceQuery toQuery(InstanceKey key, String prefix, boolean typeOptional) {
        String provider = requireName(key.getProvider(), prefix + "provider", NAME);
        String region = requireName(key.getRegion(), prefix + "region", NAME);
        String type = key.getInstanceType().trim();
        if (!(type.isEmpty() && typeOptional)) {
            type = requireName(type, prefix + "instance_type", INSTANCE_TYPE);
        }
        return new PriceQuery(provider.toLowerCase(Locale.ROOT), region, type,
                capacity(key, prefix + "capacity_type"), os(key.getOs(), prefix + "os"), Optional.empty(), Optional.empty());
    }

    static String currency(String value, String field, ExchangeRates rates) {
        if (!CURRENCY.matcher(value).matches()) {
            throw new InvalidRequestException(field, "must be an ISO 4217 code such as USD, got '" + value + "'");
        }
        if (!rates.knows(value)) {
            throw new InvalidRequestException(field, "no exchange rate for '" + value + "'; known: " + String.join(",", rates.currencies()));
        }
        return value;
    }

    private static PriceQuery withCurrency(PriceQuery query, String currency, String field, ExchangeRates rates) {
        return currency.isEmpty() ? query : query.withCurrency(currency(currency, field, rates));
    }

    private static String requireName(String value, String field, Pattern pattern) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw new InvalidRequestException(field, "must not be empty");
        }
        if (!pattern.matcher(trimmed).matches()) {
            throw new InvalidRequestException(field, "'" + value + "' is not a valid name");
        }
        return trimmed;
    }

    private static CapacityType capacity(InstanceKey key, String field) {
        return switch (key.getCapacityType()) {
            case CAPACITY_TYPE_UNSPECIFIED, CAPACITY_TYPE_ON_DEMAND -> CapacityType.ON_DEMAND;
            case CAPACITY_TYPE_SPOT -> CapacityType.SPOT;
            case CAPACITY_TYPE_PREEMPTIBLE -> CapacityType.PREEMPTIBLE;
            case CAPACITY_TYPE_RESERVED -> CapacityType.RESERVED;
            case UNRECOGNIZED -> throw new InvalidRequestException(field, "unknown value " + key.getCapacityTypeValue());
        };
    }

    private static OperatingSystem os(String value, String field) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "linux" -> OperatingSystem.LINUX;
            case "windows" -> OperatingSystem.WINDOWS;
            default -> throw new InvalidRequestException(field, "must be 'linux' or 'windows', got '" + value + "'");
        };
    }

    static InstanceShape toShape(dev.krr.pricing.v1.InstanceShape shape, String prefix) {
        if (!Double.isFinite(shape.getVcpu()) || shape.getVcpu() < 0) {
            throw new InvalidRequestException(prefix + "vcpu", "must be a finite number >= 0, got " + shape.getVcpu());
        }
        if (!Double.isFinite(shape.getMemoryGib()) || shape.getMemoryGib() < 0) {
            throw new InvalidRequestException(prefix + "memory_gib", "must be a finite number >= 0, got " + shape.getMemoryGib());
        }
        if (shape.getGpuCount() < 0) {
            throw new InvalidRequestException(prefix + "gpu_count", "must be >= 0, got " + shape.getGpuCount());
        }
        return new InstanceShape(BigDecimal.valueOf(shape.getVcpu()), BigDecimal.valueOf(shape.getMemoryGib()),
                shape.getGpuCount(), shape.getGpuModel());
    }

    static InstancePrice toProto(InstanceKey requested, InstanceQuote quote) {
        InstancePrice.Builder price = InstancePrice.newBuilder()
                .setInstance(requested)
                .setHourly(money(quote.hourly()))
                .setProvenance(provenance(quote.provenance()));
        quote.shape().ifPresent(s -> price.setShape(shape(s)));
        return price.build();
    }

    static NodeRatesAnswer toProto(InstanceKey requested, NodeRatesQuote quote) {
        NodeRatesAnswer.Builder answer = NodeRatesAnswer.newBuilder()
                .setInstance(requested)
                .setCpuPerVcpuHour(money(quote.rates().cpuPerVcpuHour(), quote.rates().currency()))
                .setMemoryPerGibHour(money(quote.rates().memoryPerGibHour(), quote.rates().currency()))
                .setProvenance(provenance(quote.provenance()))
                .setNodePriceListed(quote.nodePriceListed());
        quote.nodePerHour().ifPresent(m -> answer.setNodePerHour(money(m)));
        quote.rates().gpuPerHour().ifPresent(g -> answer.setGpuPerHour(money(g, quote.rates().currency())));
        quote.shape().ifPresent(s -> answer.setShape(shape(s)));
        return answer.build();
    }

    static InstanceTypeListing toProto(ListingPage.ListedInstance item) {
        InstanceTypeListing.Builder listing = InstanceTypeListing.newBuilder()
                .setProvider(item.entry().provider())
                .setRegion(item.entry().region())
                .setInstanceType(item.entry().instanceType())
                .setProvenance(provenance(item.provenance()));
        item.entry().shape().ifPresent(s -> listing.setShape(shape(s)));
        item.onDemandHourly().ifPresent(m -> listing.setOnDemandHourly(money(m)));
        item.spotHourly().ifPresent(m -> listing.setSpotHourly(money(m)));
        return listing.build();
    }

    static dev.krr.types.v1.Money money(Money money) {
        return Moneys.of(money.amount(), money.currency());
    }

    static dev.krr.types.v1.Money money(BigDecimal amount, String currency) {
        return Moneys.of(amount, currency);
    }

    static dev.krr.pricing.v1.InstanceShape shape(InstanceShape shape) {
        return dev.krr.pricing.v1.InstanceShape.newBuilder()
                .setVcpu(shape.vcpu().doubleValue())
                .setMemoryGib(shape.memoryGib().doubleValue())
                .setGpuCount(shape.gpuCount())
                .setGpuModel(shape.gpuModel())
                .build();
    }

    static PriceProvenance provenance(Provenance provenance) {
        return PriceProvenance.newBuilder()
                .setSource(provenance.source())
                .setEffectiveDate(provenance.effectiveDate().map(Object::toString).orElse(""))
                .setEstimated(provenance.estimated())
                .setEstimationBasis(provenance.estimationBasis())
                .setStale(provenance.stale())
                .addAllCaveats(provenance.caveats())
                .build();
    }
}
