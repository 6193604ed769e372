package io.ringcache.node.cache;

import io.vertx.core.Future;

import java.util.List;

/**
 * The cache operations every protocol adapter calls: the operation layer's one interface.
 * Implementations never block the calling event loop; failures are {@link CacheException}s
 * carrying a {@link CacheError}. An empty or null cache name means the cache named
 * {@code default}. Decorators ({@link AdmittingCacheStore}, metering) wrap the store that does
 * the work, so every protocol gets the same admission and the same metrics.
 */
public interface CacheStore {

    /** Reads a key. */
    Future<Lookup> get(String cache, CacheKey key);

    /**
     * Writes a key under a condition; acknowledged once the owner and its synchronous backups
     * hold it. {@code ttlMs} 0 means the cache's default TTL (which may be none).
     */
    Future<WriteResult> put(String cache, CacheKey key, byte[] value, long ttlMs, WriteCondition condition,
                            long expectedVersion);

    /** Removes a key; with {@code expectedVersion} > 0 only if it has that version. */
    Future<Boolean> delete(String cache, CacheKey key, long expectedVersion);

    /**
     * Adds {@code delta} to the decimal counter at {@code key} (a missing key counts as
     * {@code initial}); {@code ttlMs} 0 keeps the key's expiry.
     */
    Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs);

    /**
     * As {@link #increment(String, CacheKey, long, long, long)}, recognising a repeated
     * {@code requestId}: the key's owner answers it with the first result. Stores that keep no
     * ids (this default) apply every call. Decorators must pass the id on.
     */
    default Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs,
                                      RequestId requestId) {
        return increment(cache, key, delta, initial, ttlMs);
    }

    /** Sets a new TTL on a live key ({@code ttlMs} 0 = never expires); false if it is missing. */
    Future<Boolean> touch(String cache, CacheKey key, long ttlMs);

    /** Reads many keys; one answer per key, in order. The batch is split by owner. */
    Future<List<Lookup>> getMany(String cache, List<CacheKey> keys);

    /**
     * Writes many distinct keys (each as an unconditional put); the new versions in order.
     * {@code keys} and {@code values} have the same length.
     */
    Future<List<Long>> putMany(String cache, List<CacheKey> keys, List<byte[]> values, long ttlMs);

    /** Removes many keys; how many distinct keys existed. */
    Future<Long> deleteMany(String cache, List<CacheKey> keys);

    /** Counts the live (unexpired) keys of a cache across the whole cluster. */
    Future<Long> size(String cache);

    /** Removes every key of a cache across the whole cluster. */
    Future<Void> clear(String cache);

    /**
     * One step of a cursor walk over a cache's live keys. Cursor 0 starts a walk; the page's cursor is the one
     * to pass next, 0 when the walk is complete. A key present for the whole walk is returned at least once;
     * {@code count} is a hint for how many keys a page holds (a page may hold more or fewer, even none).
     */
    Future<ScanPage> scan(String cache, long cursor, int count);

    /** Every cache with its settings and this node's share of it. */
    List<CacheInfo> describeCaches();
}
