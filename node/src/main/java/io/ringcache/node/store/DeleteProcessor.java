package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;

/** A delete, optionally only at an expected version, run atomically on the key's owner. */
final class DeleteProcessor extends OwnerWrite<Boolean> {

    private long expectedVersion;
    private long tombstoneMs;

    /** For deserialization. */
    DeleteProcessor() {
    }

    /**
     * @param expectedVersion delete only at this version; 0 = whatever the version
     * @param tombstoneMs how long the deleted key's tombstone stays; 0 = none
     */
    DeleteProcessor(long expectedVersion, long tombstoneMs) {
        this.expectedVersion = expectedVersion;
        this.tombstoneMs = tombstoneMs;
    }

    @Override
    protected Boolean apply(Map.Entry<byte[], byte[]> entry) {
        byte[] stored = entry.getValue();
        long current = StoredEntry.liveVersion(stored, System.currentTimeMillis());
        boolean deletes = current != 0 && (expectedVersion == 0 || current == expectedVersion);
        boolean expiredLeftover = stored != null && current == 0 && !StoredEntry.isTombstone(stored);
        if (deletes) {
            write(entry, ReplicaWrite.delete(tombstoneMs));
        } else if (expiredLeftover) {
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
        out.writeLong(tombstoneMs);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        expectedVersion = in.readLong();
        tombstoneMs = in.readLong();
    }
}
