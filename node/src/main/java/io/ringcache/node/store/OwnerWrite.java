package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * A write decided on the key's owner, on its partition thread, so reading the current entry,
 * checking a condition and writing are one atomic step. Subclasses write through
 * {@link #write}, which also records what the backups must apply: Hazelcast asks for
 * {@link #getBackupProcessor()} after {@code process()} on the same instance, and sends no
 * backup operation when it is null (nothing was written).
 *
 * @param <R> what the owner answers
 */
abstract class OwnerWrite<R> implements EntryProcessor<byte[], byte[], R>, IdentifiedDataSerializable {

    private transient ReplicaWrite<R> backup;

    /** Applies {@code change} to the owner's entry and hands the same change to the backups. */
    protected final void write(Map.Entry<byte[], byte[]> entry, ReplicaWrite<R> change) {
        change.applyTo(entry);
        backup = change;
    }

    @Override
    public final EntryProcessor<byte[], byte[], R> getBackupProcessor() {
        return backup;
    }

    @Override
    public final int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }
}
