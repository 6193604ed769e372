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
 * call (it keeps no per-call state); its backup is a plain removal, so only the owner bumps the
 * partition's invalidation sequence.
 */
final class RemoveProcessor implements EntryProcessor<byte[], byte[], Boolean>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private static final ReplicaWrite<Boolean> BACKUP = ReplicaWrite.remove();

    private String cache = "";
    private transient volatile HazelcastInstance hazelcast;

    /** For deserialization. */
    RemoveProcessor() {
    }

    RemoveProcessor(String cache) {
        this.cache = cache;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Boolean process(Map.Entry<byte[], byte[]> entry) {
        byte[] stored = entry.getValue();
        boolean live = StoredEntry.isLive(stored, System.currentTimeMillis());
        if (stored != null) {
            entry.setValue(null);
            InvalidationLog invalidations = InvalidationLog.of(hazelcast);
            if (invalidations != null) {
                invalidations.written(cache, entry);
            }
        }
        return live;
    }

    @Override
    public EntryProcessor<byte[], byte[], Boolean> getBackupProcessor() {
        return BACKUP;
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
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        cache = in.readString();
    }
}
