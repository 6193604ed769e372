package io.ringcache.node.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LostPartitionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LostPartitions lost = new LostPartitions(Duration.ofSeconds(10), Duration.ofSeconds(60), now::get);

    @Test
    void aLoss_isFlaggedForTheWindow_andFencedForLongerWhenAFenceOutlastsIt() {
        lost.recordLoss("ledger", 7);
        now.addAndGet(Duration.ofSeconds(30).toMillis());

        assertThat(lost.recentlyLost("ledger", 7)).as("past the 10 s window").isFalse();
        assertThat(lost.recentCount()).isZero();
        assertThat(lost.lostWithin("ledger", 7, Duration.ofSeconds(60))).as("kept for the 60 s fence").isTrue();
        assertThat(lost.lostWithin("ledger", 8, Duration.ofSeconds(60))).as("another partition").isFalse();
        assertThat(lost.lostWithin("default", 7, Duration.ofSeconds(60))).as("another cache").isFalse();

        now.addAndGet(Duration.ofSeconds(31).toMillis());
        assertThat(lost.lostWithin("ledger", 7, Duration.ofSeconds(60))).isFalse();
        assertThat(lost.total()).isEqualTo(1);
    }

    @Test
    void aLossSeenAgain_countsOnce_andItsFenceRunsFromTheLastSighting() {
        lost.recordLoss("ledger", 7);
        now.addAndGet(Duration.ofSeconds(50).toMillis());
        lost.recordLoss("ledger", 7); // the crash check sees it on every call until the cluster is safe again
        now.addAndGet(Duration.ofSeconds(50).toMillis());

        assertThat(lost.lostWithin("ledger", 7, Duration.ofSeconds(60))).isTrue();
        assertThat(lost.total()).isEqualTo(1);
    }

    @Test
    void forgetAfterMerge_dropsWhatTheSmallerSideSawLost() {
        lost.recordLoss("ledger", 7);

        lost.forgetAfterMerge();

        assertThat(lost.lostWithin("ledger", 7, Duration.ofSeconds(60))).isFalse();
        assertThat(lost.recentlyLost("ledger", 7)).isFalse();
        assertThat(lost.total()).as("the count of losses only grows").isEqualTo(1);
    }
}
