package io.ringcache.client;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A cache seen through codecs: keys of type {@code K} and values of type {@code V}, encoded to
 * bytes on the way out and decoded on the way back. Made by {@link AsyncCache#with(Codec, Codec)};
 * every call is the {@link AsyncCache} call of the same name, with the same routing, retries and
 * near cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface TypedCache<K, V> {

    /**
     * @param key the key
     * @return the value, or empty when the key does not exist (a miss flagged
     *         {@link GetResult#possiblyLost()} is empty too: use {@link #raw()} to tell them apart)
     */
    CompletionStage<Optional<V>> get(K key);

    /**
     * Writes a value unconditionally, with no time to live.
     *
     * @param key   the key
     * @param value the value
     * @return the key's new version
     */
    CompletionStage<PutResult> put(K key, V value);

    /**
     * Writes a value under {@code options} (condition, time to live).
     *
     * @param key     the key
     * @param value   the value
     * @param options the condition and time to live
     * @return whether it was written, and the key's version
     */
    CompletionStage<PutResult> put(K key, V value, PutOptions options);

    /**
     * @param key the key
     * @return whether the key existed
     */
    CompletionStage<Boolean> delete(K key);

    /**
     * Reads many keys at once; each owner is asked once.
     *
     * @param keys the keys
     * @return the keys found, with their values, in the order of {@code keys}
     */
    CompletionStage<Map<K, V>> getMany(Collection<K> keys);

    /**
     * Writes many keys at once (each as an unconditional put).
     *
     * @param entries the keys and values
     * @param ttl     time to live of every entry; {@link Duration#ZERO} for none
     * @return once every entry is written
     */
    CompletionStage<Void> putMany(Map<K, V> entries, Duration ttl);

    /** @return the same cache, keys and values as bytes */
    AsyncCache raw();
}
