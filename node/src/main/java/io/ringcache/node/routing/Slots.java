package io.ringcache.node.routing;

import java.util.concurrent.atomic.LongAdder;

/**
 * The slot of a key, exactly as Redis Cluster computes it, so a client in any language can
 * compute it too: {@code CRC16-XMODEM(key) mod 16384}. A key holding {@code {tag}} (at least
 * one byte between the first '{' and the next '}') hashes only the tag, so related keys
 * ({@code {user1000}.following}, {@code {user1000}.followers}) share a slot, and an owner.
 */
public final class Slots {

    /** Number of slots; a slot is 0..16383. */
    public static final int COUNT = 16384;

    private static final int[] TABLE = crcTable();

    /**
     * Test hook: with the system property {@code ringcache.slots.count=true} (read once, so the
     * JIT drops the check otherwise) every evaluation is counted, and tests can hold the request
     * path to one slot computation per key.
     */
    private static final boolean COUNTED = Boolean.getBoolean("ringcache.slots.count");
    private static final LongAdder EVALUATIONS = new LongAdder();

    private Slots() {
    }

    /** The slot of {@code key}. */
    public static int slot(byte[] key) {
        if (COUNTED) {
            EVALUATIONS.increment();
        }
        int start = 0;
        int end = key.length;
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(key, start, end) & (COUNT - 1);
    }

    /** Evaluations of {@link #slot} so far in this JVM; always 0 unless counting is on (see {@code COUNTED}). */
    public static long evaluations() {
        return EVALUATIONS.sum();
    }

    /** Whether {@link #evaluations()} counts. */
    public static boolean counting() {
        return COUNTED;
    }

    /** CRC16-XMODEM (polynomial 0x1021, initial value 0) of {@code bytes[from, to)}. */
    public static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[b] = crc & 0xFFFF;
        }
        return table;
    }
}
