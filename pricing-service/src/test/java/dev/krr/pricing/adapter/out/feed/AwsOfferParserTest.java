package dev.krr.pricing.adapter.out.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.pricing.domain.CatalogEntry;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.Money;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AwsOfferParserTest {

    @Test
    void readsTheOnDemandLinuxPriceOfAGetProductsItem() {
        FeedPage page = AwsOfferParser.parse(Fixtures.read("aws-pricing-getproducts-pricelist-item-m5.large.json"), "fixture");

        assertThat(page.data().entries()).hasSize(1);
        CatalogEntry m5 = page.data().entries().get(0);
        // "US East (N. Virginia)", usage type BoxUsage:m5.large, $0.096 per On Demand Linux m5.large Instance Hour
        assertThat(m5.region()).isEqualTo("us-east-1");
        assertThat(m5.instanceType()).isEqualTo("m5.large");
        assertThat(m5.shape()).contains(InstanceShape.of("2", "8"));
        assertThat(m5.onDemand().orElseThrow().hourly()).isEqualTo(Money.of("0.096", "USD"));
        assertThat(m5.onDemand().orElseThrow().effectiveDate()).contains(LocalDate.parse("2021-02-01"));
        // the reserved term's 0.06 is not an on-demand price
        assertThat(m5.spot()).isEmpty();
    }

    @Test
    void toleratesTheTrailingCommaOfARealOfferExcerptAndSkipsWindowsUpfrontAndStorage() {
        // us-east-2 excerpt: m5.large has only an upfront-fee term, p3.8xlarge is Windows BYOL, the third SKU is gp3 storage
        FeedPage page = AwsOfferParser.parse(Fixtures.read("aws-pricelist-offer-excerpt-us-east-2.nonstrict-json.txt"), "fixture");
        assertThat(page.data().entries()).isEmpty();
    }

    @Test
    void readsAChinaOfferFileListedInYuan() {
        // cn-northwest-1 excerpt: one storage SKU priced in CNY, no instance
        FeedPage page = AwsOfferParser.parse(Fixtures.read("aws-pricelist-offer-excerpt-cn-northwest-1.json"), "fixture");
        assertThat(page.data().entries()).isEmpty();
    }

    @Test
    void rejectsSomethingElse() {
        assertThatThrownBy(() -> AwsOfferParser.parse("{\"Items\": []}", "feed x")).hasMessageContaining("feed x");
        assertThatThrownBy(() -> AwsOfferParser.parse("not json", "feed y")).hasMessageContaining("feed y");
    }
}
