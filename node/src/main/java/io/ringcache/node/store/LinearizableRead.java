package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * The read of a {@code linearizable-reads} cache: a {@link ConfirmedRead} that the owner runs
 * only under {@link OwnerLease#checkLinearizable} (it hears a majority and the coordinator). Its
 * member is injected, so each call sends a new instance.
 */
final class LinearizableRead extends StatelessProcessor implements HazelcastInstanceAware {

    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public byte[] process(Map.Entry<byte[], byte[]> entry) {
        OwnerLease.checkLinearizable(hazelcast);
        return ConfirmedRead.INSTANCE.process(entry);
    }

    @Override
    public EntryProcessor<byte[], byte[], byte[]> getBackupProcessor() {
        return NoChangeBackup.INSTANCE;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.LINEARIZABLE_READ;
    }
}
