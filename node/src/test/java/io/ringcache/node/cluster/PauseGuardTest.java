package io.ringcache.node.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PauseGuardTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final PauseGuard guard = new PauseGuard(Duration.ofSeconds(5), now::get, false);

    @Test
    void regularTicks_noProblem() {
        for (int i = 0; i < 50; i++) {
            advance(200);
            guard.tick();
            assertThat(guard.problem()).isEmpty();
        }
    }

    @Test
    void afterAFreeze_refusesAtOnce_evenBeforeTheNextTick_andUntilMembershipHadTimeToSettle() {
        advance(200);
        guard.tick();

        advance(30_000); // SIGSTOP for 30 s, then SIGCONT: a request may arrive before the ticker runs
        assertThat(guard.problem()).startsWith("paused");

        guard.tick();
        for (int i = 0; i < 24; i++) { // 4.8 s of regular ticks
            advance(200);
            guard.tick();
            assertThat(guard.problem()).startsWith("paused");
        }

        advance(200);
        guard.tick();
        assertThat(guard.problem()).isEmpty();
    }

    @Test
    void aStallShorterThanHalfTheMemberTimeout_isNoPause() {
        advance(2_000);
        guard.tick();
        assertThat(guard.problem()).isEmpty();
    }

    private void advance(long millis) {
        now.addAndGet(millis * MS);
    }
}
