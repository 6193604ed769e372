package io.ringcache.node.store;

import io.ringcache.node.cache.Lookup;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes kept in a map for one key: {@code [version:8][expiresAtMillis:8][value...]},
 * big-endian; {@code expiresAtMillis} 0 means never. The expiry travels with the entry so
 * a read returns the remaining TTL without a second call, and a backup promoted after a
 * failover keeps the owner's expiry.
 */
final class StoredEntry {

    static final int HEADER_BYTES = 16;

    /**
     * The expiry a deleted key's tombstone carries: long past, so every read, scan and count
     * treats it as absent, while Hazelcast keeps the record (for {@code deleted-key-retention})
     * and a heal's put-if-absent merge finds the key present and does not bring back the
     * smaller side's copy. No live entry has it: expiries are computed as now plus a TTL.
     */
    private static final long DELETED = 1;

    /** A tombstone: the bytes kept for a deleted key. */
    private static final byte[] TOMBSTONE = encode(0, DELETED, new byte[0]);

    private StoredEntry() {
    }

    static byte[] encode(long version, long expiresAtMillis, byte[] value) {
        byte[] bytes = new byte[HEADER_BYTES + value.length];
        ByteBuffer.wrap(bytes).putLong(version).putLong(expiresAtMillis);
        System.arraycopy(value, 0, bytes, HEADER_BYTES, value.length);
        return bytes;
    }

    /** The bytes kept for a deleted key; each caller gets its own copy (Hazelcast may keep it). */
    static byte[] tombstone() {
        return TOMBSTONE.clone();
    }

    static boolean isTombstone(byte[] stored) {
        return stored != null && expiresAt(stored) == DELETED;
    }

    static long version(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong(0);
    }

    static long expiresAt(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong(8);
    }

    static byte[] value(byte[] stored) {
        return Arrays.copyOfRange(stored, HEADER_BYTES, stored.length);
    }

    /** Whether an entry is live at {@code nowMillis}: Hazelcast expires lazily, we answer exactly. */
    static boolean isLive(byte[] stored, long nowMillis) {
        if (stored == null) {
            return false;
        }
        long expiresAt = expiresAt(stored);
        return expiresAt == 0 || expiresAt > nowMillis;
    }

    /** The version of a possibly absent or expired entry: 0 when there is none. */
    static long liveVersion(byte[] stored, long nowMillis) {
        return isLive(stored, nowMillis) ? version(stored) : 0;
    }

    /** Turns stored bytes into a read's answer. */
    static Lookup toLookup(byte[] stored, long nowMillis) {
        return fromOwnerAnswer(toOwnerAnswer(stored, nowMillis));
    }

    /**
     * What the owner sends back for a read: null when absent or expired, else the stored
     * layout with the expiry field replaced by the milliseconds left (0 = never). The stored
     * array is the owner's private deserialized copy, so it is reused rather than copied.
     */
    static byte[] toOwnerAnswer(byte[] stored, long nowMillis) {
        if (!isLive(stored, nowMillis)) {
            return null;
        }
        long expiresAt = expiresAt(stored);
        long remaining = expiresAt == 0 ? 0 : Math.max(1, expiresAt - nowMillis);
        ByteBuffer.wrap(stored).putLong(8, remaining);
        return stored;
    }

    /** Decodes {@link #toOwnerAnswer} on the node that answers the client. */
    static Lookup fromOwnerAnswer(byte[] answer) {
        if (answer == null) {
            return Lookup.MISS;
        }
        ByteBuffer header = ByteBuffer.wrap(answer);
        return new Lookup(value(answer), header.getLong(0), header.getLong(8));
    }
}
