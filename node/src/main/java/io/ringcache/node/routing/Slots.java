package io.ringcache.node.routing;

import io.ringcache.proto.KeySlots;

import java.util.concurrent.atomic.LongAdder;

/**
 * The slot of a key, exactly as Redis Cluster computes it, so a client in any language can
 * compute it too: {@code CRC16-XMODEM(key) mod 16384}. A key holding {@code {tag}} (at least
 * one byte between the first '{' and the next '}') hashes only the tag, so related keys
 * ({@code {user1000}.following}, {@code {user1000}.followers}) share a slot, and an owner.
 *
 * <p>The function itself is {@link KeySlots} in the proto module, shared with the Java client
 * so both always agree; this class adds the node's counting test hook.
 */
public final class Slots {

    /** Number of slots; a slot is 0..16383. */
    public static final int COUNT = KeySlots.COUNT;

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
        return KeySlots.slot(key);
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
        return KeySlots.crc16(bytes, from, to);
    }
}
