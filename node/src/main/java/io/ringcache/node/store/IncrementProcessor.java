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
 * Answers {@code [outcome, value, version]}; a refused increment writes nothing. With a request
 * id, an id this member remembers ({@link IncrementIds}) answers its first result and writes
 * nothing, and a retried id it cannot vouch for is refused as {@link #OUTCOME_UNKNOWN}.
 */
final class IncrementProcessor extends OwnerWrite<long[]> {

    static final long APPLIED = 0;
    static final long NOT_A_NUMBER = 1;
    static final long OVERFLOW = 2;
    static final long FULL = 3;
    static final long OUTCOME_UNKNOWN = 4;

    private long delta;
    private long initial;
    private long ttlMs;
    private long newKeyTtlMs;
    private CapacityGuard capacity = CapacityGuard.NONE;
    private String requestId = "";
    private boolean retry;

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

    /** Makes the increment recognisable when sent again with the same id (empty: no id). */
    IncrementProcessor withRequestId(String requestId, boolean retry) {
        this.requestId = requestId;
        this.retry = retry;
        return this;
    }

    @Override
    protected long[] apply(Map.Entry<byte[], byte[]> entry) {
        IncrementIds ids = requestId.isEmpty() ? null : IncrementIds.of(hazelcast());
        if (ids != null) {
            IncrementIds.Result first = ids.remembered(cache(), entry.getKey(), requestId);
            if (first != null) {
                return new long[]{APPLIED, first.value(), first.version()};
            }
            if (retry && !ids.vouchesFor(entry.getKey())) {
                return new long[]{OUTCOME_UNKNOWN, 0, 0};
            }
        }
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
        ReplicaWrite<long[]> change = ReplicaWrite.set(StoredEntry.encode(version, expiresAt, text), remainingMs);
        if (ids == null) {
            write(entry, change);
        } else {
            ids.remember(cache(), entry.getKey(), requestId, new IncrementIds.Result(value, version));
            write(entry, change, new IncrementBackup(change, cache(), requestId, value, version));
        }
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
        out.writeString(requestId);
        out.writeBoolean(retry);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        delta = in.readLong();
        initial = in.readLong();
        ttlMs = in.readLong();
        newKeyTtlMs = in.readLong();
        capacity = CapacityGuard.read(in);
        requestId = in.readString();
        retry = in.readBoolean();
    }
}
