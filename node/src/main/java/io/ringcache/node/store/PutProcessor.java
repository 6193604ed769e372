package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.ringcache.node.cache.WriteCondition;

import java.io.IOException;
import java.util.Map;

/**
 * A put, run on the key's owner on its partition thread, so the condition check, the version
 * bump and the write are one atomic step. Returns the outcome encoded by {@link WriteOutcome}.
 */
final class PutProcessor extends OwnerWrite<Long> {

    private static final WriteCondition[] CONDITIONS = WriteCondition.values();

    private byte[] value;
    private long ttlMs;
    private WriteCondition condition;
    private long expectedVersion;
    private CapacityGuard capacity = CapacityGuard.NONE;

    /** For deserialization. */
    PutProcessor() {
    }

    PutProcessor(byte[] value, long ttlMs, WriteCondition condition, long expectedVersion, CapacityGuard capacity) {
        this.value = value;
        this.ttlMs = ttlMs;
        this.condition = condition;
        this.expectedVersion = expectedVersion;
        this.capacity = capacity;
    }

    @Override
    protected Long apply(Map.Entry<byte[], byte[]> entry) {
        long now = System.currentTimeMillis();
        long current = StoredEntry.liveVersion(entry.getValue(), now);
        if (!condition.holds(current, expectedVersion)) {
            return WriteOutcome.notApplied(current);
        }
        if (current == 0 && capacity.isFull(hazelcast())) {
            return WriteOutcome.FULL;
        }
        long version = current + 1;
        long expiresAt = ttlMs > 0 ? now + ttlMs : 0;
        write(entry, ReplicaWrite.set(StoredEntry.encode(version, expiresAt, value), ttlMs));
        return WriteOutcome.applied(version);
    }

    @Override
    public int getClassId() {
        return StoreSerialization.PUT;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByteArray(value);
        out.writeLong(ttlMs);
        out.writeByte(condition.ordinal());
        out.writeLong(expectedVersion);
        capacity.write(out);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        value = in.readByteArray();
        ttlMs = in.readLong();
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= CONDITIONS.length) {
            throw new IOException("unknown write condition " + ordinal);
        }
        condition = CONDITIONS[ordinal];
        expectedVersion = in.readLong();
        capacity = CapacityGuard.read(in);
    }
}
