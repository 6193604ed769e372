package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sets an entry to exact bytes and TTL, or removes it. The owner's write processors decide
 * (version, condition, expiry) and then hand their backups one of these, so every replica
 * holds the very bytes the owner acknowledged instead of re-deciding on its own state.
 */
final class ReplicaWrite<R> implements EntryProcessor<byte[], byte[], R>, IdentifiedDataSerializable {

    private byte[] stored;
    private long ttlMs;

    /** For deserialization. */
    ReplicaWrite() {
    }

    private ReplicaWrite(byte[] stored, long ttlMs) {
        this.stored = stored;
        this.ttlMs = ttlMs;
    }

    static <R> ReplicaWrite<R> set(byte[] stored, long ttlMs) {
        return new ReplicaWrite<>(stored, ttlMs);
    }

    static <R> ReplicaWrite<R> remove() {
        return new ReplicaWrite<>(null, 0);
    }

    /**
     * Deletes a key: leaves its tombstone for {@code tombstoneMs}, or removes it outright when
     * that is 0 (the cache keeps no tombstones).
     */
    static <R> ReplicaWrite<R> delete(long tombstoneMs) {
        return tombstoneMs > 0 ? set(StoredEntry.tombstone(), tombstoneMs) : remove();
    }

    /** Applies this write to an entry on the owner or on a backup. */
    void applyTo(Map.Entry<byte[], byte[]> entry) {
        if (stored == null) {
            entry.setValue(null);
        } else {
            ((ExtendedMapEntry<byte[], byte[]>) entry).setValue(stored, hazelcastTtlMs(ttlMs), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The TTL Hazelcast gets: ours plus a second. Hazelcast keeps expiry times in whole
     * seconds, rounded down, so it could drop an entry up to a second before the expiry the
     * entry carries; with the slack it removes it later instead, and reads answer by the
     * entry's own expiry. 0 stays 0: Hazelcast's "never expires".
     */
    static long hazelcastTtlMs(long ttlMs) {
        return ttlMs == 0 ? 0 : ttlMs + 1000;
    }

    @Override
    public R process(Map.Entry<byte[], byte[]> entry) {
        applyTo(entry);
        return null;
    }

    @Override
    public EntryProcessor<byte[], byte[], R> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.REPLICA_WRITE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(stored);
        out.writeLong(ttlMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        stored = in.readByteArray();
        ttlMs = in.readLong();
    }
}
