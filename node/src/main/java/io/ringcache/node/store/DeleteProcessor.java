package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;

/** A delete, optionally only at an expected version, run atomically on the key's owner. */
final class DeleteProcessor extends OwnerWrite<Boolean> {

    private long expectedVersion;

    /** For deserialization. */
    DeleteProcessor() {
    }

    DeleteProcessor(long expectedVersion) {
        this.expectedVersion = expectedVersion;
    }

    @Override
    public Boolean process(Map.Entry<byte[], byte[]> entry) {
        byte[] stored = entry.getValue();
        long current = StoredEntry.liveVersion(stored, System.currentTimeMillis());
        boolean deletes = current != 0 && (expectedVersion == 0 || current == expectedVersion);
        boolean expiredLeftover = stored != null && current == 0;
        if (deletes || expiredLeftover) {
            write(entry, ReplicaWrite.remove());
        }
        return deletes;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.DELETE;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(expectedVersion);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        expectedVersion = in.readLong();
    }
}
