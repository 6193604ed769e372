package io.ringcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A key and its value, for {@link AsyncCache#putMany(java.util.List, java.time.Duration)}.
 *
 * @param key   the key, 1 byte up to the node's key limit
 * @param value the value, 0 bytes up to the node's value limit
 */
public record KeyValue(byte[] key, byte[] value) {

    /**
     * Checks that neither part is null.
     *
     * @param key   the key
     * @param value the value
     */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * A key and value given as text, encoded as UTF-8.
     *
     * @param key   the key
     * @param value the value
     * @return the pair
     */
    public static KeyValue of(String key, String value) {
        return new KeyValue(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
