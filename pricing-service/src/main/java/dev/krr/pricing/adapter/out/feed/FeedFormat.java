package dev.krr.pricing.adapter.out.feed;

/** The price-list formats a refresh feed can be in. */
public enum FeedFormat {
    /** AWS Price List bulk offer file, one GetProducts item, or a GetProducts response. */
    AWS_OFFER,
    /** Azure Retail Prices API pages (followed by NextPageLink on the same host). */
    AZURE_RETAIL,
    /** GCP Cloud Billing Catalog skus list (followed by nextPageToken). */
    GCP_SKUS,
    /** ECB euro reference rates XML: replaces the exchange rate table. */
    ECB_RATES
}
