package dev.krr.pricing.adapter.out.feed;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reader of the provider feeds: decimals stay {@link java.math.BigDecimal} (a price never
 * becomes a double), and trailing commas are tolerated because real AWS excerpts carry them.
 */
final class FeedJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private FeedJson() {
    }

    static JsonNode read(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    /** The date of an RFC 3339 timestamp ("2021-02-01T00:00:00Z"), empty when absent or malformed. */
    static Optional<LocalDate> date(String timestamp) {
        if (timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(timestamp).toLocalDate());
        } catch (DateTimeParseException e) {
            return timestamp.length() >= 10 ? tryIsoDate(timestamp.substring(0, 10)) : Optional.empty();
        }
    }

    private static Optional<LocalDate> tryIsoDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
