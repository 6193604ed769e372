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
 * count of losses only ever grows, for metrics.
 */
public final class LostPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(LostPartitions.class);

    private final Duration window;
    private final LongSupplier clock;
    private final Map<String, Long> lostAt = new ConcurrentHashMap<>();

    private final AtomicLong lossesTotal = new AtomicLong();

    public LostPartitions(Duration window) {
        this(window, System::currentTimeMillis);
    }

    LostPartitions(Duration window, LongSupplier clock) {
        this.window = window;
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

    /** Whether a miss on a key of this cache and partition may hide a key that existed before a loss. */
    public boolean recentlyLost(String cache, int partitionId) {
        String key = key(cache, partitionId);
        Long at = lostAt.get(key);
        if (at == null) {
            return false;
        }
        if (clock.getAsLong() - at > window.toMillis()) {
            lostAt.remove(key, at);
            return false;
        }
        return true;
    }

    /** Cache partitions lost within the window. */
    public int recentCount() {
        long now = clock.getAsLong();
        lostAt.values().removeIf(at -> now - at > window.toMillis());
        return lostAt.size();
    }

    private static String key(String cache, int partitionId) {
        return cache + "/" + partitionId;
    }

    /** Every partition loss this node has seen since it started. */
    public long total() {
        return lossesTotal.get();
    }
}
