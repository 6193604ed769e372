package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.ringcache.node.cluster.HazelcastInternals;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Reads one key from the backup copy held by the member it runs on, answering in the owner's
 * read format ({@link StoredEntry#toOwnerAnswer}). Sent to a backup holder while the key's
 * owner is silent; it must only be sent to a member that holds a copy, or the read would go
 * to the silent owner after all.
 */
final class BackupRead implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    /** The executor these reads run on, on every member; small and bounded. */
    static final String EXECUTOR = "ringcache-backup-reads";

    private String mapName;
    private byte[] key;
    private int partition;
    private transient HazelcastInstance hazelcast;

    BackupRead() {
    }

    BackupRead(String mapName, byte[] key, int partition) {
        this.mapName = mapName;
        this.key = key;
        this.partition = partition;
    }

    @Override
    public byte[] call() {
        // Only this member's own copy: a miss here must not turn into a call to the silent owner.
        byte[] stored = new LocalCopies(HazelcastInternals.of(hazelcast)).read(mapName, key, partition);
        return StoredEntry.toOwnerAnswer(stored, System.currentTimeMillis());
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.BACKUP_READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(mapName);
        out.writeByteArray(key);
        out.writeInt(partition);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        mapName = in.readString();
        key = in.readByteArray();
        partition = in.readInt();
    }
}
