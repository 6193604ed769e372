package io.ringcache.cluster.history;

import java.time.Duration;

/**
 * Bounds on the work spent per key: the search stops with "unknown (budget exceeded)" after
 * {@code maxStates} configurations or {@code maxTime}, and shrinking a violation stops after
 * {@code shrinkTime}. Each configuration costs about one bitset of the key's op count in memory.
 */
public record SearchBudget(long maxStates, Duration maxTime, Duration shrinkTime) {

    public static final SearchBudget DEFAULT = new SearchBudget(2_000_000, Duration.ofSeconds(30), Duration.ofSeconds(5));

    public SearchBudget {
        if (maxStates <= 0 || maxTime.isNegative() || shrinkTime.isNegative()) {
            throw new IllegalArgumentException("a search budget must be positive: " + maxStates + ", " + maxTime);
        }
    }
}
