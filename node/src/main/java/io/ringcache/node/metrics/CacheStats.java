package io.ringcache.node.metrics;

import io.ringcache.node.cache.CacheInfo;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * This node's statistics of every cache, read at most once per {@code maxAgeMs}: a scrape asks
 * several gauges per cache, and each reading walks every partition's record store.
 */
final class CacheStats {

    private final Supplier<List<CacheInfo>> describe;
    private final long maxAgeMs;
    private List<CacheInfo> latest = List.of();
    private long readAt = Long.MIN_VALUE / 2;

    CacheStats(Supplier<List<CacheInfo>> describe, long maxAgeMs) {
        this.describe = describe;
        this.maxAgeMs = maxAgeMs;
    }

    /** One figure of one cache; NaN (no sample) for a cache this node does not know. */
    synchronized double of(String cache, ToDoubleFunction<CacheInfo> figure) {
        long now = System.currentTimeMillis();
        if (now - readAt > maxAgeMs) {
            latest = describe.get();
            readAt = now;
        }
        for (CacheInfo info : latest) {
            if (info.settings().name().equals(cache)) {
                return figure.applyAsDouble(info);
            }
        }
        return Double.NaN;
    }
}
