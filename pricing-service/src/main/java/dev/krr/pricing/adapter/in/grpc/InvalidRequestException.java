package dev.krr.pricing.adapter.in.grpc;

/** A malformed request field; becomes INVALID_ARGUMENT "field: problem". */
final class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    String field() {
        return field;
    }
}
