package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * The backup half of a {@link ConfirmedRead}, or of a write that changed nothing: runs on each
 * backup and changes nothing; its acknowledgement is the point.
 */
final class NoChangeBackup extends StatelessProcessor {

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
    public int getClassId() {
        return StoreSerialization.NO_CHANGE_BACKUP;
    }
}
