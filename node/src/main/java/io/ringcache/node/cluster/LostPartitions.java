package io.ringcache.node.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Partitions of a cache whose every copy was lost at once (more members failed together than
 * the cache has backups). Their keys now read as misses although they may have existed; for
 * {@code window} after a loss such a miss is flagged, readiness reports the loss, and the
 * count of losses only ever grows, for metrics. A loss is remembered for the longer of the
 * window and the longest fence a cache keeps ({@code lost-partition-fence}), counted from the
 * last time it was seen: the crash check sees a loss again on every request until the cluster
 * is safe again.
 */
public final class LostPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(LostPartitions.class);

    private final Duration window;
    /** How long a loss is remembered: the window or the longest fence, whichever is longer. */
    private final long retentionMs;
    private final LongSupplier clock;
    private final Map<String, Long> lostAt = new ConcurrentHashMap<>();

    private final AtomicLong lossesTotal = new AtomicLong();

    /**
     * @param window       how long after a loss a miss on it is flagged
     * @param longestFence the longest {@code lost-partition-fence} of any cache
     */
    public LostPartitions(Duration window, Duration longestFence) {
        this(window, longestFence, System::currentTimeMillis);
    }

    LostPartitions(Duration window, Duration longestFence, LongSupplier clock) {
        this.window = window;
        this.retentionMs = Math.max(window.toMillis(), longestFence.toMillis());
        this.clock = clock;
    }

    /** Hazelcast found that {@code cache}'s data in this partition lost every copy. */
    public void recordLoss(String cache, int partitionId) {
        if (lostAt.put(key(cache, partitionId), clock.getAsLong()) == null) {
            lossesTotal.incrementAndGet();
            LOG.error("Cache '{}' lost partition {}: more members failed at once than the cache has backups; "
                    + "its keys there read as misses, flagged possibly_lost for {} s", cache, partitionId,
                    window.toSeconds());
        }
    }

    /**
     * A loss another side of a split saw, learned when this member merged back: recorded as of
     * {@code seenAtMillis}, quietly (the other side logged it), and forgotten as any loss is.
     */
    void recordLossSeenAt(String cache, int partitionId, long seenAtMillis) {
        if (clock.getAsLong() - seenAtMillis <= retentionMs) {
            lostAt.merge(key(cache, partitionId), seenAtMillis, Math::max);
        }
    }

    /** Whether a miss on a key of this cache and partition may hide a key that existed before a loss. */
    public boolean recentlyLost(String cache, int partitionId) {
        return lostWithin(cache, partitionId, window);
    }

    /** Whether this cache's partition lost every copy less than {@code span} ago (at most the retention). */
    public boolean lostWithin(String cache, int partitionId, Duration span) {
        String key = key(cache, partitionId);
        Long at = lostAt.get(key);
        if (at == null) {
            return false;
        }
        long age = clock.getAsLong() - at;
        if (age > retentionMs) {
            lostAt.remove(key, at);
            return false;
        }
        return age <= span.toMillis();
    }

    /** Cache partitions lost within the window. */
    public int recentCount() {
        long now = clock.getAsLong();
        lostAt.values().removeIf(at -> now - at > retentionMs);
        return (int) lostAt.values().stream().filter(at -> now - at <= window.toMillis()).count();
    }

    /**
     * Forgets every loss this member saw: called when it merges into another cluster after a
     * split. What it saw lost was lost to its own side, whose data the merge hands to the
     * cluster it joins; that cluster's members keep their own record of what they lost.
     */
    public void forgetAfterMerge() {
        if (!lostAt.isEmpty()) {
            LOG.info("Merging into the larger cluster: forgetting {} partition losses seen from this side of the split",
                    lostAt.size());
            lostAt.clear();
        }
    }

    private static String key(String cache, int partitionId) {
        return cache + "/" + partitionId;
    }

    /** Every partition loss this node has seen since it started. */
    public long total() {
        return lossesTotal.get();
    }
}
