package io.ringcache.node.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Notices when this process was frozen (SIGSTOP, a stalled VM, a very long GC pause). While it
 * was, the others may have declared it dead and moved its partitions; right after it resumes
 * it still believes its old partition table and could answer from stale copies. So from the
 * moment its clock ticks stop arriving, and for one member timeout after a long freeze, the
 * node reports a problem that makes it not ready: it refuses requests with UNAVAILABLE until
 * membership has been settled again (it rejoins, or finds itself without quorum).
 */
public final class PauseGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PauseGuard.class);
    private static final long TICK_NANOS = Duration.ofMillis(200).toNanos();

    private final long pauseNanos;
    private final long settleNanos;
    private final LongSupplier clock;
    private final Thread ticker;
    private volatile long lastTick;
    private volatile long blockedUntil;
    private volatile boolean closed;

    /**
     * @param memberTimeout the failure detector's timeout: a freeze of half of it is a pause,
     *                      and after one the node waits this long for membership to settle
     */
    public PauseGuard(Duration memberTimeout) {
        this(memberTimeout, System::nanoTime, true);
    }

    PauseGuard(Duration memberTimeout, LongSupplier clock, boolean startTicking) {
        this.pauseNanos = memberTimeout.toNanos() / 2;
        this.settleNanos = memberTimeout.toNanos();
        this.clock = clock;
        this.lastTick = clock.getAsLong();
        this.blockedUntil = lastTick;
        this.ticker = new Thread(this::run, "ringcache-pause-guard");
        ticker.setDaemon(true);
        if (startTicking) {
            ticker.start();
        }
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            tick();
        }
    }

    void tick() {
        long now = clock.getAsLong();
        long gap = now - lastTick;
        if (gap >= pauseNanos) {
            blockedUntil = now + settleNanos;
            LOG.warn("This process was paused for {} ms; refusing requests for {} ms while membership settles",
                    gap / 1_000_000, settleNanos / 1_000_000);
        }
        lastTick = now;
    }

    /** Why the node must not serve now; empty when it may. */
    public String problem() {
        long now = clock.getAsLong();
        if (now - lastTick >= pauseNanos) {
            return "paused: this process has just been frozen; re-checking membership";
        }
        if (now - blockedUntil < 0) {
            return "paused: this process was frozen; re-checking membership";
        }
        return "";
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(ticker);
    }
}
