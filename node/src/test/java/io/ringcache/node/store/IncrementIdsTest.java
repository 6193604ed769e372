package io.ringcache.node.store;

import io.ringcache.node.routing.SlotLayout;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded id memory on a manual clock: the window, the bound, and doubt after an early loss or a migration. */
class IncrementIdsTest {

    private static final long WINDOW_MS = 60_000;

    private final AtomicLong nanos = new AtomicLong(42);
    private final IncrementIds ids = new IncrementIds(new SlotLayout(1), nanos::get, WINDOW_MS, 3);
    private final byte[] key = "counter".getBytes(StandardCharsets.UTF_8);

    @Test
    void anId_isRememberedForTheWindow_perCacheAndKey() {
        ids.remember("default", key, "id", new IncrementIds.Result(5, 2));

        assertThat(ids.remembered("default", key, "id")).isEqualTo(new IncrementIds.Result(5, 2));
        assertThat(ids.remembered("other", key, "id")).isNull();
        assertThat(ids.remembered("default", "else".getBytes(StandardCharsets.UTF_8), "id")).isNull();
        advanceMs(WINDOW_MS - 1);
        assertThat(ids.remembered("default", key, "id")).isNotNull();
        advanceMs(1);
        assertThat(ids.remembered("default", key, "id")).isNull();
        assertThat(ids.vouchesFor(key)).as("forgotten after its window: no retry can still come").isTrue();
    }

    @Test
    void anIdForgottenEarlyToStayInBound_leavesThePartitionInDoubt_untilItsWindowWouldHaveEnded() {
        for (int i = 0; i < 4; i++) {
            ids.remember("default", key, "id-" + i, new IncrementIds.Result(i, i));
            advanceMs(1_000);
        }

        assertThat(ids.remembered("default", key, "id-0")).as("over the bound of 3").isNull();
        assertThat(ids.remembered("default", key, "id-3")).isNotNull();
        assertThat(ids.vouchesFor(key)).isFalse();
        advanceMs(WINDOW_MS - 4_000 - 1);
        assertThat(ids.vouchesFor(key)).isFalse();
        advanceMs(1);
        assertThat(ids.vouchesFor(key)).isTrue();
    }

    @Test
    void aReplicaArrivingFromAnotherMember_keepsKnownIds_butDoubtsUnknownOnesForTheWindow() {
        ids.remember("default", key, "known", new IncrementIds.Result(1, 1));

        ids.arrived(0);

        assertThat(ids.remembered("default", key, "known")).isNotNull();
        assertThat(ids.vouchesFor(key)).isFalse();
        advanceMs(WINDOW_MS);
        assertThat(ids.vouchesFor(key)).isTrue();
    }

    private void advanceMs(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}
