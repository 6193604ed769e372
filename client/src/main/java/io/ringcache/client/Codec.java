package io.ringcache.client;

import java.nio.charset.StandardCharsets;

/**
 * Turns keys or values of type {@code T} into the bytes the cache stores, and back. Keys must
 * encode deterministically (equal keys, equal bytes): the bytes decide the key's slot and owner.
 *
 * <p>A codec that throws makes the call fail with its exception; nothing is sent for an encode
 * failure.
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {

    /**
     * @param value the value to encode, never null
     * @return its bytes; a key may not encode to zero bytes
     */
    byte[] encode(T value);

    /**
     * @param bytes what {@link #encode} made, as the cache returned it
     * @return the value
     */
    T decode(byte[] bytes);

    /** @return text as UTF-8, the form redis-cli and the HTTP API show */
    static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }

    /** @return bytes as they are (the array is neither copied nor kept) */
    static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }
}

/** UTF-8 text. */
enum Utf8Codec implements Codec<String> {
    INSTANCE;

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

/** The identity. */
enum BytesCodec implements Codec<byte[]> {
    INSTANCE;

    @Override
    public byte[] encode(byte[] value) {
        return value;
    }

    @Override
    public byte[] decode(byte[] bytes) {
        return bytes;
    }
}
