package dev.krr.pricing.bench;

import dev.krr.pricing.domain.CapacityType;
import dev.krr.pricing.domain.InstanceQuote;
import dev.krr.pricing.domain.InstanceShape;
import dev.krr.pricing.domain.NodeRatesQuote;
import dev.krr.pricing.domain.PriceBook;
import dev.krr.pricing.domain.PriceQuery;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process lookup latency of the domain price book over the full bundled catalog (10,292 types):
 * a listed price, a ratio-split node rate, an unknown type priced from family rates, and a
 * CNY->USD conversion. SampleTime mode reports percentiles (p50, p99). Run:
 * {@code mvn -pl pricing-service test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-cp %classpath org.openjdk.jmh.Main PriceLookupBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PriceLookupBenchmark {

    private PriceBook book;
    private PriceQuery listed;
    private PriceQuery spot;
    private PriceQuery unknown;
    private PriceQuery yuan;

    @Setup
    public void setUp() {
        book = BenchmarkFixture.layers().current().get();
        listed = PriceQuery.onDemand("aws", "us-east-1", "m5.large");
        spot = PriceQuery.onDemand("gcp", "us-central1", "e2-standard-4").withCapacity(CapacityType.SPOT);
        unknown = PriceQuery.onDemand("aws", "us-east-1", "m5.96xlarge").withShape(InstanceShape.of("384", "1536"));
        yuan = PriceQuery.onDemand("alibaba", "cn-hangzhou", "ecs.c7.2xlarge");
    }

    @Benchmark
    public InstanceQuote instancePriceListed() {
        return book.instancePrice(listed).orElseThrow();
    }

    @Benchmark
    public NodeRatesQuote nodeRatesRatioSplit() {
        return book.nodeRates(spot);
    }

    @Benchmark
    public NodeRatesQuote nodeRatesUnknownTypeFamilyFallback() {
        return book.nodeRates(unknown);
    }

    @Benchmark
    public InstanceQuote instancePriceConvertedFromYuan() {
        return book.instancePrice(yuan).orElseThrow();
    }
}
