package io.ringcache.node.store;

import io.vertx.core.Future;

import java.util.List;

/**
 * The cache operations every protocol adapter calls. Implementations validate requests,
 * route each key to its owner and never block the calling event loop; failures are
 * {@link CacheException}s. An empty or null cache name means the cache named {@code default}.
 */
public interface CacheStore {

    /** Reads a key. */
    Future<Lookup> get(String cache, byte[] key);

    /**
     * Writes a key under a condition; acknowledged once the owner and its synchronous backups
     * hold it. {@code ttlMs} 0 means no expiry.
     */
    Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                            long expectedVersion);

    /** Removes a key; with {@code expectedVersion} > 0 only if it has that version. */
    Future<Boolean> delete(String cache, byte[] key, long expectedVersion);

    /**
     * Adds {@code delta} to the decimal counter at {@code key} (a missing key counts as
     * {@code initial}); {@code ttlMs} 0 keeps the key's expiry.
     */
    Future<Counter> increment(String cache, byte[] key, long delta, long initial, long ttlMs);

    /** Sets a new TTL on a live key ({@code ttlMs} 0 = never expires); false if it is missing. */
    Future<Boolean> touch(String cache, byte[] key, long ttlMs);

    /** Reads many keys; one answer per key, in order. The batch is split by owner. */
    Future<List<Lookup>> getMany(String cache, List<byte[]> keys);

    /**
     * Writes many distinct keys (each as an unconditional put); the new versions in order.
     * {@code keys} and {@code values} have the same length.
     */
    Future<List<Long>> putMany(String cache, List<byte[]> keys, List<byte[]> values, long ttlMs);

    /** Removes many keys; how many distinct keys existed. */
    Future<Long> deleteMany(String cache, List<byte[]> keys);

    /** Every cache with its settings and this node's share of it. */
    List<CacheInfo> describeCaches();
}
