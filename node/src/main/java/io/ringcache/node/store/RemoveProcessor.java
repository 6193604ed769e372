package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * An unconditional delete for batches. One instance may serve every partition of a multi-key
 * call (it keeps no per-call state). A live key is replaced by its tombstone (or removed when
 * the cache keeps none), an expired leftover is removed, a tombstone stays. The backups apply
 * the same rule to their copies, which hold what the owner holds; only the owner bumps the
 * partition's invalidation sequence.
 */
final class RemoveProcessor implements EntryProcessor<byte[], byte[], Boolean>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private String cache = "";
    private long tombstoneMs;
    private boolean onBackup;
    /** In a linearizable-reads cache: the owner answers only under {@link OwnerLease#checkLinearizable}. */
    private boolean linearizable;
    private transient volatile HazelcastInstance hazelcast;

    /** For deserialization. */
    RemoveProcessor() {
    }

    /**
     * @param cache the cache written, for its invalidations
     * @param tombstoneMs how long a deleted key's tombstone stays; 0 = none
     */
    RemoveProcessor(String cache, long tombstoneMs) {
        this(cache, tombstoneMs, false);
    }

    /** Marks a delete in a {@code linearizable-reads} cache, before the processor is sent. */
    RemoveProcessor linearizable(boolean linearizable) {
        this.linearizable = linearizable;
        return this;
    }

    private RemoveProcessor(String cache, long tombstoneMs, boolean onBackup) {
        this.cache = cache;
        this.tombstoneMs = tombstoneMs;
        this.onBackup = onBackup;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Boolean process(Map.Entry<byte[], byte[]> entry) {
        if (linearizable && !onBackup) {
            OwnerLease.checkLinearizable(hazelcast);
        }
        if (!onBackup) {
            OwnerFence.check(hazelcast, cache, entry.getKey());
        }
        byte[] stored = entry.getValue();
        boolean live = StoredEntry.isLive(stored, System.currentTimeMillis());
        boolean expiredLeftover = !live && stored != null && !StoredEntry.isTombstone(stored);
        if ((live || expiredLeftover) && !onBackup) {
            OwnerLease.check(hazelcast);
        }
        if (live) {
            ReplicaWrite.delete(tombstoneMs).applyTo(entry);
        } else if (expiredLeftover) {
            entry.setValue(null);
        }
        if ((live || expiredLeftover) && !onBackup) {
            InvalidationLog invalidations = InvalidationLog.of(hazelcast);
            if (invalidations != null) {
                invalidations.written(cache, entry);
            }
        }
        return live;
    }

    @Override
    public EntryProcessor<byte[], byte[], Boolean> getBackupProcessor() {
        return new RemoveProcessor(cache, tombstoneMs, true);
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.REMOVE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(cache);
        out.writeLong(tombstoneMs);
        out.writeBoolean(onBackup);
        out.writeBoolean(linearizable);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        cache = in.readString();
        tombstoneMs = in.readLong();
        onBackup = in.readBoolean();
        linearizable = in.readBoolean();
    }
}
