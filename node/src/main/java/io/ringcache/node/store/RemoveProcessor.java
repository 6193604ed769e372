package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * An unconditional delete for batches. Stateless, so one instance may serve every partition
 * of a multi-key call; its backup is the same unconditional removal.
 */
final class RemoveProcessor implements EntryProcessor<byte[], byte[], Boolean>, IdentifiedDataSerializable {

    static final RemoveProcessor INSTANCE = new RemoveProcessor();

    @Override
    public Boolean process(Map.Entry<byte[], byte[]> entry) {
        byte[] stored = entry.getValue();
        boolean live = StoredEntry.isLive(stored, System.currentTimeMillis());
        if (stored != null) {
            entry.setValue(null);
        }
        return live;
    }

    @Override
    public EntryProcessor<byte[], byte[], Boolean> getBackupProcessor() {
        return this;
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
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
