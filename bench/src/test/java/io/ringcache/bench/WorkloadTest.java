package io.ringcache.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {

    @Test
    void defaults_areThePinnedComparison() {
        Workload workload = Workload.parse(Map.of());

        assertThat(workload.inFlight()).isEqualTo(64);
        assertThat(workload.keys()).isEqualTo(100_000);
        assertThat(workload.valueBytes()).isEqualTo(100);
        assertThat(workload.readRatio()).isEqualTo(0.9);
        assertThat(workload.duration()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badFlags_areClearErrors() {
        assertThatThrownBy(() -> Workload.parse(Map.of("nope", "1"))).hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> Workload.parse(Map.of("read-ratio", "2"))).hasMessageContaining("0..1");
        assertThatThrownBy(() -> Workload.parse(Map.of("duration", "soon"))).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Workload.parse(Map.of("batch", "5000"))).hasMessageContaining("1..1000");
    }

    @Test
    void zipfian_staysInRange_andFavoursTheTopRanks() {
        KeyChooser.Zipfian zipf = new KeyChooser.Zipfian(100_000, 0.99);
        SplittableRandom random = new SplittableRandom(1);
        int[] byRank = new int[11];
        for (int i = 0; i < 200_000; i++) {
            int rank = zipf.rank(random);
            assertThat(rank).isBetween(1, 100_000);
            if (rank <= 10) {
                byRank[rank]++;
            }
        }
        // Zipf with exponent ~1: rank 1 about twice as frequent as rank 2, ten times rank 10.
        assertThat(byRank[1]).isGreaterThan(byRank[2]).isGreaterThan(byRank[10] * 5);
        assertThat(zipf.next(random)).isBetween(0, 99_999);
    }
}
