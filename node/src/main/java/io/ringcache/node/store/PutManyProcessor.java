package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the entries of one partition as Puts with condition ALWAYS, each with the next
 * version, and hands that partition's backups the exact bytes written.
 *
 * <p>One instance serves one partition only: Hazelcast shares a multi-key processor between
 * the partitions of a call and asks each for its backup, so per-partition state would race.
 * The caller therefore groups a batch by partition.
 */
final class PutManyProcessor implements EntryProcessor<byte[], byte[], Long>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private Map<ByteBuffer, byte[]> values;
    private long ttlMs;
    private CapacityGuard capacity = CapacityGuard.NONE;
    private String cache = "";
    /** In a linearizable-reads cache: the owner writes only under {@link OwnerLease#checkLinearizable}. */
    private boolean linearizable;
    private transient ReplicaWriteMany backup;
    private transient HazelcastInstance hazelcast;

    /** For deserialization. */
    PutManyProcessor() {
    }

    PutManyProcessor(String cache, Map<ByteBuffer, byte[]> values, long ttlMs, CapacityGuard capacity) {
        this.cache = cache;
        this.values = values;
        this.ttlMs = ttlMs;
        this.capacity = capacity;
    }

    /** Marks a batch write to a {@code linearizable-reads} cache, before the processor is sent. */
    PutManyProcessor linearizable(boolean linearizable) {
        this.linearizable = linearizable;
        return this;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Long process(Map.Entry<byte[], byte[]> entry) {
        long now = System.currentTimeMillis();
        long current = StoredEntry.liveVersion(entry.getValue(), now);
        if (current == 0 && capacity.isFull(hazelcast)) {
            return WriteOutcome.FULL;
        }
        if (linearizable) {
            OwnerLease.checkLinearizable(hazelcast);
        } else {
            OwnerLease.check(hazelcast);
        }
        OwnerFence.check(hazelcast, cache, entry.getKey());
        long version = current + 1;
        long expiresAt = ttlMs > 0 ? now + ttlMs : 0;
        byte[] stored = StoredEntry.encode(version, expiresAt, values.get(ByteBuffer.wrap(entry.getKey())));
        ReplicaWrite<Object> write = ReplicaWrite.set(stored, ttlMs);
        write.applyTo(entry);
        if (backup == null) {
            backup = new ReplicaWriteMany();
        }
        backup.add(entry.getKey(), write);
        InvalidationLog invalidations = InvalidationLog.of(hazelcast);
        if (invalidations != null) {
            invalidations.written(cache, entry);
        }
        return version;
    }

    @Override
    public EntryProcessor<byte[], byte[], Long> getBackupProcessor() {
        return backup == null ? null : backup.typed();
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.PUT_MANY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<ByteBuffer, byte[]> entry : values.entrySet()) {
            out.writeByteArray(entry.getKey().array());
            out.writeByteArray(entry.getValue());
        }
        out.writeLong(ttlMs);
        capacity.write(out);
        out.writeString(cache);
        out.writeBoolean(linearizable);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        values = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            values.put(ByteBuffer.wrap(in.readByteArray()), in.readByteArray());
        }
        ttlMs = in.readLong();
        capacity = CapacityGuard.read(in);
        cache = in.readString();
        linearizable = in.readBoolean();
    }
}
