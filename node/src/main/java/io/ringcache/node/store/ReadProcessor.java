package io.ringcache.node.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * A read, run on the key's owner: the owner's clock alone decides whether the entry is live
 * and how long it has left, so every node answers alike. Read-only: no lock, no backup.
 *
 * <p>Also the only read path that works here: in Hazelcast 5.4-5.6 {@code IMap.getAsync}
 * misses keys of a map with a partitioning strategy (ours places keys by slot), while entry
 * processors, {@code get} and {@code put} agree.
 */
final class ReadProcessor extends StatelessProcessor implements ReadOnly {

    /** Every read is the same; members share one instance. */
    static final ReadProcessor INSTANCE = new ReadProcessor();

    @Override
    public byte[] process(Map.Entry<byte[], byte[]> entry) {
        return StoredEntry.toOwnerAnswer(entry.getValue(), System.currentTimeMillis());
    }

    @Override
    public EntryProcessor<byte[], byte[], byte[]> getBackupProcessor() {
        return null;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.READ;
    }
}
