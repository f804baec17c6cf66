package dev.krr.pricing.adapter.in.grpc;

import dev.krr.pricing.app.CurrentPriceBook;
import dev.krr.pricing.domain.ListingPage;
import dev.krr.pricing.domain.PriceBook;
import dev.krr.pricing.domain.PriceQuery;
import dev.krr.pricing.v1.BatchGetInstancePricesRequest;
import dev.krr.pricing.v1.BatchGetInstancePricesResponse;
import dev.krr.pricing.v1.BatchGetNodeRatesRequest;
import dev.krr.pricing.v1.BatchGetNodeRatesResponse;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstancePrice;
import dev.krr.pricing.v1.InstancePriceResult;
import dev.krr.pricing.v1.ItemError;
import dev.krr.pricing.v1.ListInstanceTypesRequest;
import dev.krr.pricing.v1.ListInstanceTypesResponse;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.NodeRatesResult;
import dev.krr.pricing.v1.PricingServiceGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code krr.pricing.v1.PricingService} gRPC API over the current price book. Each call reads
 * one book snapshot, so a reload during a batch never mixes catalogs. Malformed fields answer
 * INVALID_ARGUMENT naming the field ({@code requests[3].instance.region: must not be empty} inside
 * a batch item); an unknown instance without a shape answers NOT_FOUND; a call whose deadline has
 * passed or that the client cancelled stops between batch items.
 */
public final class PricingGrpcService extends PricingServiceGrpc.PricingServiceImplBase {

    private static final String TOKEN_SEPARATOR = "\u0000";

    private final CurrentPriceBook priceBook;
    private final int maxBatchSize;
    private final int defaultPageSize;
    private final int maxPageSize;

    public PricingGrpcService(CurrentPriceBook priceBook, int maxBatchSize, int defaultPageSize, int maxPageSize) {
        this.priceBook = priceBook;
        this.maxBatchSize = maxBatchSize;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @Override
    public void getInstancePrice(GetInstancePriceRequest request, StreamObserver<InstancePrice> response) {
        respond(response, () -> instancePrice(priceBook.get(), request, ""));
    }

    @Override
    public void batchGetInstancePrices(BatchGetInstancePricesRequest request, StreamObserver<BatchGetInstancePricesResponse> response) {
        respond(response, () -> {
            checkBatchSize(request.getRequestsCount());
            PriceBook book = priceBook.get();
            BatchGetInstancePricesResponse.Builder out = BatchGetInstancePricesResponse.newBuilder();
            for (int i = 0; i < request.getRequestsCount(); i++) {
                ensureStillWanted();
                try {
                    out.addResults(InstancePriceResult.newBuilder().setPrice(instancePrice(book, request.getRequests(i), "requests[" + i + "].")));
                } catch (StatusRuntimeException e) {
                    out.addResults(InstancePriceResult.newBuilder().setError(itemError(e)));
                } catch (InvalidRequestException e) {
                    out.addResults(InstancePriceResult.newBuilder().setError(invalidItem(e)));
                }
            }
            return out.build();
        });
    }

    @Override
    public void getNodeRates(GetNodeRatesRequest request, StreamObserver<NodeRatesAnswer> response) {
        respond(response, () -> nodeRates(priceBook.get(), request, ""));
    }

    @Override
    public void batchGetNodeRates(BatchGetNodeRatesRequest request, StreamObserver<BatchGetNodeRatesResponse> response) {
        respond(response, () -> {
            checkBatchSize(request.getRequestsCount());
            PriceBook book = priceBook.get();
            BatchGetNodeRatesResponse.Builder out = BatchGetNodeRatesResponse.newBuilder();
            for (int i = 0; i < request.getRequestsCount(); i++) {
                ensureStillWanted();
                try {
                    out.addResults(NodeRatesResult.newBuilder().setRates(nodeRates(book, request.getRequests(i), "requests[" + i + "].")));
                } catch (StatusRuntimeException e) {
                    out.addResults(NodeRatesResult.newBuilder().setError(itemError(e)));
                } catch (InvalidRequestException e) {
                    out.addResults(NodeRatesResult.newBuilder().setError(invalidItem(e)));
                }
            }
            return out.build();
        });
    }

    @Override
    public void listInstanceTypes(ListInstanceTypesRequest request, StreamObserver<ListInstanceTypesResponse> response) {
        respond(response, () -> {
            PriceBook book = priceBook.get();
            if (request.getProvider().isBlank()) {
                throw new InvalidRequestException("provider", "must not be empty");
            }
            if (request.getPageSize() < 0 || request.getPageSize() > maxPageSize) {
                throw new InvalidRequestException("page_size", "must be between 0 (default " + defaultPageSize + ") and "
                        + maxPageSize + ", got " + request.getPageSize());
            }
            int pageSize = request.getPageSize() == 0 ? defaultPageSize : request.getPageSize();
            Optional<String> currency = request.getCurrency().isEmpty() ? Optional.empty()
                    : Optional.of(PricingProtoMapper.currency(request.getCurrency(), "currency", book.exchangeRates()));
            Optional<String> region = request.getRegion().isBlank() ? Optional.empty() : Optional.of(request.getRegion().trim());
            ListingPage page = book.list(request.getProvider().trim(), region, currency, pageSize, decodeToken(request.getPageToken()));
            ListInstanceTypesResponse.Builder out = ListInstanceTypesResponse.newBuilder();
            for (ListingPage.ListedInstance item : page.items()) {
                ensureStillWanted();
                out.addInstanceTypes(PricingProtoMapper.toProto(item));
            }
            page.resumeAfter().ifPresent(c -> out.setNextPageToken(encodeToken(c)));
            return out.build();
        });
    }

    private InstancePrice instancePrice(PriceBook book, GetInstancePriceRequest request, String prefix) {
        PriceQuery query = PricingProtoMapper.toQuery(request, prefix, book.exchangeRates());
        return book.instancePrice(query)
                .map(quote -> PricingProtoMapper.toProto(request.getInstance(), quote))
                .orElseThrow(() -> Status.NOT_FOUND.withDescription(prefix + "instance: no price for " + query.provider() + "/"
                        + query.region() + "/" + query.instanceType() + " and no node shape to estimate one from").asRuntimeException());
    }

    private NodeRatesAnswer nodeRates(PriceBook book, GetNodeRatesRequest request, String prefix) {
        PriceQuery query = PricingProtoMapper.toQuery(request, prefix, book.exchangeRates());
        return PricingProtoMapper.toProto(request.getInstance(), book.nodeRates(query));
    }

    private void checkBatchSize(int count) {
        if (count > maxBatchSize) {
            throw new InvalidRequestException("requests", "at most " + maxBatchSize + " items per call, got " + count);
        }
    }

    private static void ensureStillWanted() {
        Context context = Context.current();
        if (context.isCancelled()) {
            if (context.getDeadline() != null && context.getDeadline().isExpired()) {
                throw Status.DEADLINE_EXCEEDED.withDescription("deadline passed while answering").asRuntimeException();
            }
            throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
        }
    }

    private static ItemError itemError(StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED || e.getStatus().getCode() == Status.Code.CANCELLED) {
            throw e;
        }
        return ItemError.newBuilder().setCode(e.getStatus().getCode().name())
                .setMessage(e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()).build();
    }

    private static ItemError invalidItem(InvalidRequestException e) {
        return ItemError.newBuilder().setCode(Status.Code.INVALID_ARGUMENT.name()).setMessage(e.getMessage()).build();
    }

    private static <T> void respond(StreamObserver<T> response, Supplier<T> answer) {
        T value;
        try {
            ensureStillWanted();
            value = answer.get();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (InvalidRequestException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    static String encodeToken(ListingPage.ListingCursor cursor) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1" + TOKEN_SEPARATOR + cursor.region() + TOKEN_SEPARATOR + cursor.instanceType()).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<ListingPage.ListingCursor> decodeToken(String token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(TOKEN_SEPARATOR, -1);
            if (parts.length == 3 && parts[0].equals("v1")) {
                return Optional.of(new ListingPage.ListingCursor(parts[1], parts[2]));
            }
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidRequestException("page_token", "not a token this service issued: '" + token + "'");
        }
        throw new InvalidRequestException("page_token", "not a token this service issued: '" + token + "'");
    }
}
