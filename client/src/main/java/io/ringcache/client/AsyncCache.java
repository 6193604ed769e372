package io.ringcache.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One named cache of a ringcache cluster, asynchronously. Get one from
 * {@link RingcacheClient#cache(String)}; it is thread-safe and cheap to keep.
 *
 * <p><b>Routing.</b> Each key goes straight to the node that owns its slot in the client's
 * current topology; a batch is split by owner and the parts run in parallel, one call per
 * owner. When the client's topology is stale the node that receives a key routes it to the real
 * owner: a stale topology costs a hop, never a wrong answer.
 *
 * <p><b>Deadline.</b> Every call is bounded by the client's default deadline (see
 * {@link RingcacheClientBuilder#deadline(Duration)}), retries included; the nodes see it too. A
 * call that runs out of time fails with {@link RingcacheException} {@code DEADLINE_EXCEEDED}.
 *
 * <p><b>Retries.</b> A call that fails with {@code UNAVAILABLE} or a connection failure is sent
 * again under the client's {@link RetryPolicy} (jittered exponential backoff, bounded attempts),
 * within its deadline, to whichever node owns the key by then, <em>only</em> when sending it
 * twice cannot change the outcome of other writes:
 * <ul>
 *   <li>always retried: {@link #get}, {@link #getMany}, puts with
 *       {@link PutOptions.Condition#IF_ABSENT} or {@link PutOptions.Condition#IF_VERSION}, and
 *       deletes with an expected version. A retried conditional write whose first attempt was
 *       applied answers "not applied" (the condition no longer holds); the returned version
 *       shows the key's state;</li>
 *   <li>{@link #increment}: always retried, because the client gives every call a request id
 *       that the key's owner (and its backups) remember for at least 60 seconds: a retry of a
 *       call that was applied answers the first result instead of counting twice. Retried for at
 *       most 30 seconds. Where the owner cannot tell whether the first attempt was applied (the
 *       key's partition just moved to it, see {@code IncrementRequest.request_id} in
 *       {@code cache.proto}), the call fails with {@code FAILED_PRECONDITION} "outcome unknown";</li>
 *   <li>retried only when no node can have applied the request (no connection or stream
 *       could be opened: connection refused, a node that is shutting down; or the node refused
 *       it unread with {@code UNAVAILABLE "node not ready: …"}, as it does while starting,
 *       draining or without a quorum): unconditional puts and deletes,
 *       {@link PutOptions.Condition#IF_PRESENT} puts, {@link #touch}, {@link #putMany} and
 *       {@link #deleteMany}. Once such a request may have been applied, a retry could undo a
 *       write another client made in between, so a failure after that (a connection lost
 *       mid-call, any other {@code UNAVAILABLE} from the node) reaches the caller.</li>
 * </ul>
 *
 * <p><b>Threads.</b> The returned stages complete on the client's I/O threads (Vert.x event
 * loops): do not block in a dependent stage; hand slow work to an executor of yours with the
 * {@code *Async(fn, executor)} variants.
 *
 * <p>Keys are 1 byte up to the node's key limit (64 KiB by default); values up to its value
 * limit (1 MiB by default). String keys and values are encoded as UTF-8.
 */
public interface AsyncCache {

    /** @return the cache's name */
    String name();

    /**
     * Reads a key.
     *
     * @param key the key
     * @return what the read found; a missing key is not an error
     */
    CompletionStage<GetResult> get(byte[] key);

    /**
     * Reads a key given as text.
     *
     * @param key the key
     * @return what the read found
     */
    CompletionStage<GetResult> get(String key);

    /**
     * Writes a key unconditionally with the cache's default TTL. Retried only if never sent.
     *
     * @param key   the key
     * @param value the value
     * @return whether it applied (always, here) and the new version
     */
    CompletionStage<PutResult> put(byte[] key, byte[] value);

    /**
     * Writes a key under a condition, with a TTL. Retried only for
     * {@link PutOptions#retried() IF_ABSENT and IF_VERSION}.
     *
     * @param key     the key
     * @param value   the value
     * @param options the condition and TTL
     * @return whether it applied and the key's version after the call
     */
    CompletionStage<PutResult> put(byte[] key, byte[] value, PutOptions options);

    /**
     * {@link #put(byte[], byte[])} with text.
     *
     * @param key   the key
     * @param value the value
     * @return whether it applied and the new version
     */
    CompletionStage<PutResult> put(String key, String value);

    /**
     * {@link #put(byte[], byte[], PutOptions)} with text.
     *
     * @param key     the key
     * @param value   the value
     * @param options the condition and TTL
     * @return whether it applied and the key's version after the call
     */
    CompletionStage<PutResult> put(String key, String value, PutOptions options);

    /**
     * Removes a key unconditionally. Retried only if never sent.
     *
     * @param key the key
     * @return whether a key was removed
     */
    CompletionStage<Boolean> delete(byte[] key);

    /**
     * Removes a key if it has a version. Retried.
     *
     * @param key             the key
     * @param expectedVersion the version the key must have, positive; 0 deletes unconditionally
     *                        (and is then retried only if never sent)
     * @return whether a key was removed
     */
    CompletionStage<Boolean> delete(byte[] key, long expectedVersion);

    /**
     * {@link #delete(byte[])} with a text key.
     *
     * @param key the key
     * @return whether a key was removed
     */
    CompletionStage<Boolean> delete(String key);

    /**
     * Adds to a counter atomically on the key's owner; the value is stored as decimal text. A
     * missing key counts as 0. Retried under a request id, so it never counts twice.
     *
     * @param key   the key
     * @param delta what to add; negative subtracts
     * @return the counter and version after the call
     */
    CompletionStage<IncrementResult> increment(byte[] key, long delta);

    /**
     * Adds to a counter, with the value a missing key starts from and a new TTL. Retried under a
     * request id, so it never counts twice.
     *
     * @param key     the key
     * @param delta   what to add
     * @param initial the value a missing (or expired) key counts as before {@code delta} is added
     * @param ttl     time to live from this call; zero keeps the key's current expiry
     * @return the counter and version after the call
     */
    CompletionStage<IncrementResult> increment(byte[] key, long delta, long initial, Duration ttl);

    /**
     * {@link #increment(byte[], long)} with a text key.
     *
     * @param key   the key
     * @param delta what to add
     * @return the counter and version after the call
     */
    CompletionStage<IncrementResult> increment(String key, long delta);

    /**
     * Gives a key a new time to live without changing its value or version. Retried only if never
     * sent.
     *
     * @param key the key
     * @param ttl the new time to live from now; zero means the key never expires
     * @return whether the key exists (a missing key is not created)
     */
    CompletionStage<Boolean> touch(byte[] key, Duration ttl);

    /**
     * {@link #touch(byte[], Duration)} with a text key.
     *
     * @param key the key
     * @param ttl the new time to live; zero means never expires
     * @return whether the key exists
     */
    CompletionStage<Boolean> touch(String key, Duration ttl);

    /**
     * Reads many keys, one call per owner, in parallel. Retried, part by part.
     *
     * @param keys the keys; a key may appear more than once
     * @return one answer per key, in the order of {@code keys}
     */
    CompletionStage<List<GetResult>> getMany(List<byte[]> keys);

    /**
     * {@link #getMany(List)} with text keys.
     *
     * @param keys the keys
     * @return one answer per key, in order
     */
    CompletionStage<List<GetResult>> getMany(String... keys);

    /**
     * Writes many keys unconditionally, one call per owner, in parallel. Retried only if never
     * sent. Unlike one
     * PutMany call to a node, the batch is not checked whole: when one owner's part fails (a
     * limit, an unavailable node) the other parts may have been written.
     *
     * @param entries the entries; each key at most once
     * @param ttl     time to live of every entry; zero means the cache's default
     * @return the new version of each entry, in the order of {@code entries}
     */
    CompletionStage<List<Long>> putMany(List<KeyValue> entries, Duration ttl);

    /**
     * {@link #putMany(List, Duration)} with text, in the map's iteration order.
     *
     * @param entries the keys and values
     * @param ttl     time to live of every entry; zero means the cache's default
     * @return the new version of each entry, in the map's iteration order
     */
    CompletionStage<List<Long>> putMany(Map<String, String> entries, Duration ttl);

    /**
     * Removes many keys, one call per owner, in parallel. Retried only if never sent.
     *
     * @param keys the keys
     * @return how many distinct keys existed and were removed
     */
    CompletionStage<Long> deleteMany(List<byte[]> keys);

    /**
     * {@link #deleteMany(List)} with text keys.
     *
     * @param keys the keys
     * @return how many distinct keys existed and were removed
     */
    CompletionStage<Long> deleteMany(String... keys);

    /**
     * The same cache with calls that block. Never use it on a Vert.x event loop (it refuses).
     *
     * @return a blocking view of this cache
     */
    BlockingCache blocking();

    /**
     * This cache with keys and values of your own types, through codecs.
     *
     * @param keys   encodes keys (deterministically: the bytes pick the owner)
     * @param values encodes and decodes values
     * @param <K>    the key type
     * @param <V>    the value type
     * @return a view of this cache; it holds no state of its own
     */
    default <K, V> TypedCache<K, V> with(Codec<K> keys, Codec<V> values) {
        return new CodecCache<>(this, keys, values);
    }

    /**
     * The counters of this cache's near cache, when one was enabled for it with
     * {@link RingcacheClientBuilder#nearCache(String, NearCacheSettings)}.
     *
     * @return a snapshot of its counters, or empty when this cache has no near cache
     */
    default java.util.Optional<NearCacheStats> nearCacheStats() {
        return java.util.Optional.empty();
    }
}
