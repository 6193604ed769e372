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
 * The read of a {@code linearizable-reads} cache: a {@link ConfirmedRead} that the owner runs
 * only under {@link OwnerLease#checkLinearizable} (it hears a majority and the coordinator) and
 * outside the cache's lost-partition fence ({@link OwnerFence}: the read may have been retried
 * onto a lost partition's new, empty owner after the taking node checked). Its member is
 * injected, so each call sends a new instance.
 */
final class LinearizableRead implements EntryProcessor<byte[], byte[], byte[]>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private String cache = "";
    private transient HazelcastInstance hazelcast;

    /** For deserialization. */
    LinearizableRead() {
    }

    /** @param cache the cache read, for its fence */
    LinearizableRead(String cache) {
        this.cache = cache;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public byte[] process(Map.Entry<byte[], byte[]> entry) {
        OwnerLease.checkLinearizable(hazelcast);
        OwnerFence.check(hazelcast, cache, entry.getKey());
        return ConfirmedRead.INSTANCE.process(entry);
    }

    @Override
    public EntryProcessor<byte[], byte[], byte[]> getBackupProcessor() {
        return NoChangeBackup.INSTANCE;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.LINEARIZABLE_READ;
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
