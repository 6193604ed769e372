package io.ringcache.node.store;

import io.vertx.core.Future;

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
}
