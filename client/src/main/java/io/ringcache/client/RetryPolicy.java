package io.ringcache.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client sends a call again after {@code UNAVAILABLE} or a connection failure: at most
 * {@link #maxAttempts()} attempts in all, waiting between them a random time between half and
 * all of {@code min(baseBackoff * 2^retry, maxBackoff)} (jitter, so clients that failed together
 * do not come back together), and never past the call's deadline. Which operations are retried
 * at all is decided by the operation (see {@link AsyncCache}), not by the policy. Immutable.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(10, Duration.ofMillis(20), Duration.ofMillis(500));
    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));

    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * The default: up to 10 attempts, backoff from 20 ms doubling up to 500 ms, within the
     * deadline (about 3 seconds of trying, enough to ride out a node's restart or a partition
     * moving to a new owner).
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Never send a call twice: every failure reaches the caller.
     *
     * @return a policy of one attempt
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A policy of your own.
     *
     * @param maxAttempts attempts in all, the first included; at least 1 (1 = no retries)
     * @param baseBackoff the wait before the first retry (at most), positive
     * @param maxBackoff  the longest wait between two attempts, at least {@code baseBackoff}
     * @return the policy
     */
    public static RetryPolicy of(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (baseBackoff.isNegative() || baseBackoff.isZero()) {
            throw new IllegalArgumentException("base backoff must be positive, not " + baseBackoff);
        }
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("max backoff " + maxBackoff + " is below the base " + baseBackoff);
        }
        return new RetryPolicy(maxAttempts, baseBackoff, maxBackoff);
    }

    /** @return attempts in all, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the longest wait before the first retry */
    public Duration baseBackoff() {
        return baseBackoff;
    }

    /** @return the longest wait between two attempts */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    Backoff backoff() {
        return new Backoff(baseBackoff.toMillis(), maxBackoff.toMillis());
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + maxAttempts + " attempts, backoff " + baseBackoff + ".." + maxBackoff + "]";
    }
}
