package io.ringcache.bench;

import java.nio.charset.StandardCharsets;

/** The key space: "key-0" .. "key-(n-1)", encoded once. */
final class Keys {

    private final byte[][] keys;

    Keys(int count) {
        keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = ("key-" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    byte[] get(int index) {
        return keys[index];
    }

    int size() {
        return keys.length;
    }

    /** A value of {@code bytes} bytes. */
    static byte[] value(int bytes) {
        byte[] value = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        return value;
    }
}
