package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/** The backup half of a {@link ConfirmedRead}, or of a write that changed nothing: runs on each backup, changes nothing; its acknowledgement is the point. */
final class NoChangeBackup implements EntryProcessor<byte[], byte[], byte[]>, IdentifiedDataSerializable {

    static final NoChangeBackup INSTANCE = new NoChangeBackup();

    /** The instance as the backup of a processor answering {@code R}: a backup's answer is never used. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <R> EntryProcessor<byte[], byte[], R> typed() {
        return (EntryProcessor) INSTANCE;
    }

    @Override
    public byte[] process(Map.Entry<byte[], byte[]> entry) {
        return null;
    }

    @Override
    public EntryProcessor<byte[], byte[], byte[]> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.NO_CHANGE_BACKUP;
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
