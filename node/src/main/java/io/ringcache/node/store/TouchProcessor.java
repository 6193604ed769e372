package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;

/** Sets a live key's expiry on its owner, keeping value and version; a missing key stays missing. */
final class TouchProcessor extends OwnerWrite<Boolean> {

    private long ttlMs;

    /** For deserialization. */
    TouchProcessor() {
    }

    TouchProcessor(long ttlMs) {
        this.ttlMs = ttlMs;
    }

    @Override
    protected Boolean apply(Map.Entry<byte[], byte[]> entry) {
        long now = System.currentTimeMillis();
        byte[] stored = entry.getValue();
        if (!StoredEntry.isLive(stored, now)) {
            return false;
        }
        long expiresAt = ttlMs > 0 ? now + ttlMs : 0;
        write(entry, ReplicaWrite.set(
                StoredEntry.encode(StoredEntry.version(stored), expiresAt, StoredEntry.value(stored)), ttlMs));
        return true;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.TOUCH;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(ttlMs);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        ttlMs = in.readLong();
    }
}
