package io.ringcache.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a near cache (a local copy of hot entries of one cache, kept current by the nodes'
 * invalidations) is bounded: at most {@link #maxEntries()} entries, each kept at most
 * {@link #maxTimeToLive()} and never past its own TTL on the server. Enable it per cache with
 * {@link RingcacheClientBuilder#nearCache(String, NearCacheSettings)}. Immutable.
 *
 * <p>What a near cache guarantees (read your own writes, the staleness bound, what clears it) is
 * described in {@code docs/near-cache.md}.
 */
public final class NearCacheSettings {

    private final long maxEntries;
    private final Duration maxTimeToLive;

    private NearCacheSettings(long maxEntries, Duration maxTimeToLive) {
        this.maxEntries = maxEntries;
        this.maxTimeToLive = maxTimeToLive;
    }

    /**
     * A near cache of at most {@code maxEntries} entries (the least useful ones are evicted
     * beyond that), with no time bound other than each entry's TTL on the server.
     *
     * @param maxEntries at least 1
     * @return the settings
     */
    public static NearCacheSettings maxEntries(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a near cache holds at least 1 entry, not " + maxEntries);
        }
        return new NearCacheSettings(maxEntries, Duration.ZERO);
    }

    /**
     * These settings, where an entry is also dropped {@code ttl} after it was read from the
     * cluster, whatever its TTL on the server: a bound on how long an entry is served when its
     * invalidations cannot arrive (e.g. a partitioned network that the stream has not noticed yet).
     *
     * @param ttl a positive duration
     * @return new settings
     */
    public NearCacheSettings maxTimeToLive(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("max time to live must be positive, not " + ttl);
        }
        return new NearCacheSettings(maxEntries, ttl);
    }

    /** @return the most entries the near cache holds */
    public long maxEntries() {
        return maxEntries;
    }

    /** @return how long an entry is kept at most; zero when only the server's TTL bounds it */
    public Duration maxTimeToLive() {
        return maxTimeToLive;
    }

    @Override
    public String toString() {
        return "NearCacheSettings[maxEntries=" + maxEntries + ", maxTimeToLive=" + maxTimeToLive + "]";
    }
}
