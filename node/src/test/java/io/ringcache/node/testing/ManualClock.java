package io.ringcache.node.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Epoch milliseconds that move only when a test says so: TTL tests without waiting. */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nowMillis;

    /** A clock at {@code startMillis}, an epoch time a test may pick freely. */
    public ManualClock(long startMillis) {
        this.nowMillis = new AtomicLong(startMillis);
    }

    /** A clock at the current system time. */
    public ManualClock() {
        this(System.currentTimeMillis());
    }

    @Override
    public long getAsLong() {
        return nowMillis.get();
    }

    /** Moves the clock forward by {@code elapsed}. */
    public void advance(Duration elapsed) {
        nowMillis.addAndGet(elapsed.toMillis());
    }
}
