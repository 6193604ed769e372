package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.ringcache.node.cache.DecimalText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An increment, atomic on the key's owner: read the decimal value (or {@code initial}), add
 * {@code delta} with overflow checked, write the decimal text back with the next version.
 * Answers {@code [outcome, value, version]}; a refused increment writes nothing.
 */
final class IncrementProcessor extends OwnerWrite<long[]> {

    static final long APPLIED = 0;
    static final long NOT_A_NUMBER = 1;
    static final long OVERFLOW = 2;
    static final long FULL = 3;

    private long delta;
    private long initial;
    private long ttlMs;
    private long newKeyTtlMs;
    private CapacityGuard capacity = CapacityGuard.NONE;

    /** For deserialization. */
    IncrementProcessor() {
    }

    /**
     * @param ttlMs       a new TTL, or 0 to keep the key's expiry
     * @param newKeyTtlMs the TTL a key created by this increment gets when {@code ttlMs} is 0
     */
    IncrementProcessor(long delta, long initial, long ttlMs, long newKeyTtlMs, CapacityGuard capacity) {
        this.delta = delta;
        this.initial = initial;
        this.ttlMs = ttlMs;
        this.newKeyTtlMs = newKeyTtlMs;
        this.capacity = capacity;
    }

    @Override
    public long[] process(Map.Entry<byte[], byte[]> entry) {
        long now = System.currentTimeMillis();
        byte[] stored = entry.getValue();
        boolean live = StoredEntry.isLive(stored, now);
        long base;
        if (live) {
            Long parsed = DecimalText.parse(stored, StoredEntry.HEADER_BYTES);
            if (parsed == null) {
                return new long[]{NOT_A_NUMBER, 0, 0};
            }
            base = parsed;
        } else {
            if (capacity.isFull(hazelcast())) {
                return new long[]{FULL, 0, 0};
            }
            base = initial;
        }
        long value;
        try {
            value = Math.addExact(base, delta);
        } catch (ArithmeticException e) {
            return new long[]{OVERFLOW, base, 0};
        }
        long version = (live ? StoredEntry.version(stored) : 0) + 1;
        long expiresAt;
        long remainingMs;
        long setTtlMs = ttlMs > 0 ? ttlMs : (live ? 0 : newKeyTtlMs);
        if (setTtlMs > 0) {
            expiresAt = now + setTtlMs;
            remainingMs = setTtlMs;
        } else {
            expiresAt = live ? StoredEntry.expiresAt(stored) : 0;
            remainingMs = expiresAt == 0 ? 0 : Math.max(1, expiresAt - now);
        }
        byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        write(entry, ReplicaWrite.set(StoredEntry.encode(version, expiresAt, text), remainingMs));
        return new long[]{APPLIED, value, version};
    }

    @Override
    public int getClassId() {
        return StoreSerialization.INCREMENT;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
        out.writeLong(initial);
        out.writeLong(ttlMs);
        out.writeLong(newKeyTtlMs);
        capacity.write(out);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        delta = in.readLong();
        initial = in.readLong();
        ttlMs = in.readLong();
        newKeyTtlMs = in.readLong();
        capacity = CapacityGuard.read(in);
    }
}
