package io.ringcache.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One named cache with calls that wait for their answer: the same calls, routing, deadline and
 * retries as {@link AsyncCache}, whose documentation applies. A failure throws
 * {@link RingcacheException}. Calling from a Vert.x event-loop thread throws
 * {@link IllegalStateException}: it would block the loop.
 */
public interface BlockingCache {

    /** @return the cache's name */
    String name();

    /**
     * @param key the key
     * @return what the read found
     */
    GetResult get(byte[] key);

    /**
     * @param key the key
     * @return what the read found
     */
    GetResult get(String key);

    /**
     * @param key the key
     * @param value the value
     * @return whether it applied and the new version
     */
    PutResult put(byte[] key, byte[] value);

    /**
     * @param key the key
     * @param value the value
     * @param options condition and TTL
     * @return the outcome
     */
    PutResult put(byte[] key, byte[] value, PutOptions options);

    /**
     * @param key the key
     * @param value the value
     * @return whether it applied and the new version
     */
    PutResult put(String key, String value);

    /**
     * @param key the key
     * @param value the value
     * @param options condition and TTL
     * @return the outcome
     */
    PutResult put(String key, String value, PutOptions options);

    /**
     * @param key the key
     * @return whether a key was removed
     */
    boolean delete(byte[] key);

    /**
     * @param key the key
     * @param expectedVersion the version it must have (0: any)
     * @return whether removed
     */
    boolean delete(byte[] key, long expectedVersion);

    /**
     * @param key the key
     * @return whether a key was removed
     */
    boolean delete(String key);

    /**
     * @param key the key
     * @param delta what to add
     * @return the counter and version after the call
     */
    IncrementResult increment(byte[] key, long delta);

    /**
     * @param key the key
     * @param delta what to add
     * @param initial a missing key's value
     * @param ttl time to live (zero keeps the expiry)
     * @return the counter and version after the call
     */
    IncrementResult increment(byte[] key, long delta, long initial, Duration ttl);

    /**
     * @param key the key
     * @param delta what to add
     * @return the counter and version after the call
     */
    IncrementResult increment(String key, long delta);

    /**
     * @param key the key
     * @param ttl the new TTL (zero: never expires)
     * @return whether the key exists
     */
    boolean touch(byte[] key, Duration ttl);

    /**
     * @param key the key
     * @param ttl the new TTL (zero: never expires)
     * @return whether the key exists
     */
    boolean touch(String key, Duration ttl);

    /**
     * @param keys the keys
     * @return one answer per key, in order
     */
    List<GetResult> getMany(List<byte[]> keys);

    /**
     * @param keys the keys
     * @return one answer per key, in order
     */
    List<GetResult> getMany(String... keys);

    /**
     * @param entries the entries
     * @param ttl their TTL (zero: the default)
     * @return their new versions, in order
     */
    List<Long> putMany(List<KeyValue> entries, Duration ttl);

    /**
     * @param entries the entries
     * @param ttl their TTL (zero: the default)
     * @return their new versions, in order
     */
    List<Long> putMany(Map<String, String> entries, Duration ttl);

    /**
     * @param keys the keys
     * @return how many distinct keys were removed
     */
    long deleteMany(List<byte[]> keys);

    /**
     * @param keys the keys
     * @return how many distinct keys were removed
     */
    long deleteMany(String... keys);
}
