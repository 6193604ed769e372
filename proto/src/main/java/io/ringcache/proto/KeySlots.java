package io.ringcache.proto;

/**
 * The slot of a key, as the node and every client compute it, exactly as Redis Cluster does:
 * {@code CRC16-XMODEM(key) mod 16384}. A key holding {@code {tag}} (at least one byte between
 * the first '{' and the next '}') hashes only the tag, so related keys
 * ({@code {user1000}.following}, {@code {user1000}.followers}) share a slot, and an owner.
 *
 * <p>It lives beside the wire API because it is part of it (see {@code TopologyResponse} in
 * {@code cache.proto}): the node routes with it and a client sends each key to the member the
 * topology names for its slot. Plain Java, no dependency.
 */
public final class KeySlots {

    /** Number of slots; a slot is 0..16383. */
    public static final int COUNT = 16384;

    private static final int[] TABLE = crcTable();

    private KeySlots() {
    }

    /**
     * The slot of {@code key}.
     *
     * @param key the key's bytes, as sent on the wire
     * @return the slot, 0..{@value #COUNT} - 1
     */
    public static int slot(byte[] key) {
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

    /**
     * CRC16-XMODEM (polynomial 0x1021, initial value 0) of {@code bytes[from, to)}.
     *
     * @param bytes the bytes
     * @param from  first index, inclusive
     * @param to    last index, exclusive
     * @return the checksum, 0..0xFFFF
     */
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
