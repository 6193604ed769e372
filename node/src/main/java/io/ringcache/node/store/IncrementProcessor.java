package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

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

    private long delta;
    private long initial;
    private long ttlMs;

    /** For deserialization. */
    IncrementProcessor() {
    }

    IncrementProcessor(long delta, long initial, long ttlMs) {
        this.delta = delta;
        this.initial = initial;
        this.ttlMs = ttlMs;
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
        if (ttlMs > 0) {
            expiresAt = now + ttlMs;
            remainingMs = ttlMs;
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
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
        out.writeLong(initial);
        out.writeLong(ttlMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
        initial = in.readLong();
        ttlMs = in.readLong();
    }
}
