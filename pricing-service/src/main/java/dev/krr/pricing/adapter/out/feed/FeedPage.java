package dev.krr.pricing.adapter.out.feed;

import dev.krr.pricing.domain.PriceData;
import java.util.Optional;

/** What one response of a provider price API gave, and where the next page is (Azure pages by link). */
public record FeedPage(PriceData data, Optional<String> nextPageLink) {
}
