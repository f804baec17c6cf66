package dev.krr.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.krr.collector.domain.demo.DemoUsageModel;
import dev.krr.collector.domain.demo.DemoUsageProfile;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoUsageModelTest {

    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final long MIB = 1L << 20;

    @Test
    void parsesTheAnnotationFormat() {
        DemoUsageProfile p = DemoUsageProfile.parse("cpu=200m..900m; mem=300Mi..380Mi; noise=0.15; spikes=3@1800m; oom-every=72h");
        assertThat(p.cpuLowCores()).isEqualTo(0.2);
        assertThat(p.cpuHighCores()).isEqualTo(0.9);
        assertThat(p.memoryLowBytes()).isEqualTo(300 * MIB);
        assertThat(p.memoryHighBytes()).isEqualTo(380 * MIB);
        assertThat(p.noise()).isEqualTo(0.15);
        assertThat(p.spikesPerDay()).isEqualTo(3);
        assertThat(p.spikeCores()).isEqualTo(1.8);
        assertThat(p.oomEvery()).isEqualTo(Duration.ofHours(72));
        assertThat(DemoUsageProfile.parse("cpu=50m").cpuHighCores()).isEqualTo(0.05);
        assertThatThrownBy(() -> DemoUsageProfile.parse("cpu=fast")).hasMessageContaining("fast");
        assertThatThrownBy(() -> DemoUsageProfile.parse("colour=red")).hasMessageContaining("colour");
        assertThatThrownBy(() -> DemoUsageProfile.parse("cpu=900m..200m")).hasMessageContaining("cpu range");
    }

    @Test
    void dailyCycleWithoutNoiseHitsLowAt4AndHighAt16() {
        DemoUsageModel m = new DemoUsageModel(DemoUsageProfile.parse("cpu=100m..500m; mem=100Mi..200Mi; noise=0"), 42);
        // c(t) = (1 - cos(2π (t - 4h) / 24h)) / 2: 0 at 04:00, 1/2 at 10:00, 1 at 16:00
        assertThat(m.cpuCoresAt(DAY.plus(Duration.ofHours(4)).getEpochSecond())).isCloseTo(0.1, within(1e-9));
        assertThat(m.cpuCoresAt(DAY.plus(Duration.ofHours(10)).getEpochSecond())).isCloseTo(0.3, within(1e-9));
        assertThat(m.cpuCoresAt(DAY.plus(Duration.ofHours(16)).getEpochSecond())).isCloseTo(0.5, within(1e-9));
        // memory 100Mi + 100Mi * 1/2 at 10:00 = 150 MiB
        assertThat(m.memoryBytesAt(DAY.plus(Duration.ofHours(10)).getEpochSecond(), 60, null)).isEqualTo(150 * MIB);
    }

    @Test
    void samplesDoNotDependOnHowTimeIsChunked() {
        DemoUsageModel m = new DemoUsageModel(DemoUsageProfile.parse("cpu=100m..500m; noise=0.2; spikes=5@2"), 7);
        ContainerUsage day = m.window("p", "c", "n", DAY, DAY.plus(Duration.ofDays(1)), 60, null);
        ContainerUsage hour13 = m.window("p", "c", "n", DAY.plus(Duration.ofHours(13)), DAY.plus(Duration.ofHours(14)), 60, null);
        for (int i = 0; i < 60; i++) {
            assertThat(hour13.cpuCores()[i]).isEqualTo(day.cpuCores()[13 * 60 + i]);
        }
        // 5 spikes of 5 minutes at 2 cores per day: at least one spike minute, at most 25 (spikes may overlap)
        long spikeMinutes = 0;
        for (float c : day.cpuCores()) {
            if (c == 2.0f) {
                spikeMinutes++;
            }
        }
        assertThat(spikeMinutes).isBetween(5L, 25L);
    }

    @Test
    void oomKillsHappenEveryPeriodAtTheLimit() {
        DemoUsageModel m = new DemoUsageModel(DemoUsageProfile.parse("mem=500Mi..700Mi; oom-every=24h"), 3);
        ContainerUsage threeDays = m.window("p", "c", "n", DAY, DAY.plus(Duration.ofDays(3)), 60, 768 * MIB);
        // one kill every 24 h over 72 h: exactly 3, each with the working set at the 768 MiB limit
        assertThat(threeDays.oomKills()).isEqualTo(3);
        assertThat(threeDays.memoryLimitAtOomBytes()).isEqualTo(768 * MIB);
        assertThat(threeDays.memoryPeakBytes()).isEqualTo(768 * MIB);
        ContainerUsage noLimit = m.window("p", "c", "n", DAY, DAY.plus(Duration.ofDays(3)), 60, null);
        assertThat(noLimit.oomKills()).isZero();
    }

    @Test
    void unannotatedContainersFollowTheirRequests() {
        DemoUsageProfile p = DemoUsageProfile.fromRequests(500L, 1024 * MIB);
        // 20 %..60 % of 0.5 cores = 0.1..0.3; 40 %..60 % of 1 GiB
        assertThat(p.cpuLowCores()).isCloseTo(0.1, within(1e-12));
        assertThat(p.cpuHighCores()).isCloseTo(0.3, within(1e-12));
        assertThat(p.memoryLowBytes()).isEqualTo((long) (1024 * MIB * 0.4));
    }

    @Test
    void windowsAreAlignedAndSplitAtTheirLength() {
        // 09:30..12:00 by 1 h: [09:30,10:00) [10:00,11:00) [11:00,12:00)
        var w = TimeWindows.split(DAY.plus(Duration.ofMinutes(570)), DAY.plus(Duration.ofHours(12)), Duration.ofHours(1));
        assertThat(w).hasSize(3);
        assertThat(w.get(0)[1]).isEqualTo(DAY.plus(Duration.ofHours(10)));
        assertThat(TimeWindows.floor(DAY.plus(Duration.ofMinutes(637)), Duration.ofHours(1))).isEqualTo(DAY.plus(Duration.ofHours(10)));
    }
}
