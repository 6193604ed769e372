package io.ringcache.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all of
 * {@code min(base * 2^n, cap)}, so clients that failed together do not retry together.
 */
final class Backoff {

    private final long baseMs;
    private final long capMs;

    Backoff(long baseMs, long capMs) {
        this.baseMs = Math.max(1, baseMs);
        this.capMs = Math.max(this.baseMs, capMs);
    }

    long delayMs(int attempt) {
        long ceiling = Math.min(capMs, baseMs << Math.min(attempt, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
