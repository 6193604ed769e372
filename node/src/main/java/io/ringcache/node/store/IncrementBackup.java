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
 * What a backup applies for an increment that carried a request id: the owner's exact change,
 * and the id with its result in the backup member's {@link IncrementIds}, so a backup promoted
 * after its owner died answers a retry of that id with the first result.
 */
final class IncrementBackup implements EntryProcessor<byte[], byte[], long[]>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private ReplicaWrite<long[]> change;
    private String cache;
    private String requestId;
    private long value;
    private long version;
    private transient HazelcastInstance hazelcast;

    /** For deserialization. */
    IncrementBackup() {
    }

    IncrementBackup(ReplicaWrite<long[]> change, String cache, String requestId, long value, long version) {
        this.change = change;
        this.cache = cache;
        this.requestId = requestId;
        this.value = value;
        this.version = version;
    }

    @Override
    public long[] process(Map.Entry<byte[], byte[]> entry) {
        change.applyTo(entry);
        IncrementIds ids = IncrementIds.of(hazelcast);
        if (ids != null) {
            ids.remember(cache, entry.getKey(), requestId, new IncrementIds.Result(value, version));
        }
        return null;
    }

    @Override
    public EntryProcessor<byte[], byte[], long[]> getBackupProcessor() {
        return null;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.INCREMENT_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        change.writeData(out);
        out.writeString(cache);
        out.writeString(requestId);
        out.writeLong(value);
        out.writeLong(version);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        change = new ReplicaWrite<>();
        change.readData(in);
        cache = in.readString();
        requestId = in.readString();
        value = in.readLong();
        version = in.readLong();
    }
}
