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
 * A write decided on the key's owner, on its partition thread, so reading the current entry,
 * checking a condition and writing are one atomic step. Subclasses write through
 * {@link #write}, which also records what the backups must apply: Hazelcast asks for
 * {@link #getBackupProcessor()} after {@code process()} on the same instance, and sends no
 * backup operation when it is null (nothing was written). In a {@code linearizable-reads}
 * cache a write that changes nothing (a condition not met, a delete of an absent key) still
 * sends its backups a {@link NoChangeBackup}: its answer reports the entry's state, a read, which
 * must wait for the backups' confirmation as a read there does. It also bumps the partition's
 * invalidation sequence on the owner ({@link InvalidationLog}), in the same step.
 *
 * @param <R> what the owner answers
 */
abstract class OwnerWrite<R> implements EntryProcessor<byte[], byte[], R>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private String cache = "";
    private boolean linearizable;
    private transient EntryProcessor<byte[], byte[], R> backup;
    private transient HazelcastInstance hazelcast;

    /** Names the cache written, for its invalidations; before the processor is sent. */
    final OwnerWrite<R> inCache(String name) {
        this.cache = name;
        return this;
    }

    /**
     * Runs the operation on the owner's entry. In a {@code linearizable-reads} cache every answer,
     * even one that changes nothing, needs the stricter lease first ({@link OwnerLease#checkLinearizable}).
     */
    @Override
    public final R process(Map.Entry<byte[], byte[]> entry) {
        if (linearizable) {
            OwnerLease.checkLinearizable(hazelcast);
        }
        OwnerFence.check(hazelcast, cache, entry.getKey());
        return apply(entry);
    }

    /** The operation itself: answers, and calls {@link #write} if it changes the entry. */
    protected abstract R apply(Map.Entry<byte[], byte[]> entry);

    /** Applies {@code change} to the owner's entry and hands the same change to the backups. */
    protected final void write(Map.Entry<byte[], byte[]> entry, ReplicaWrite<R> change) {
        write(entry, change, change);
    }

    /** As {@link #write(Map.Entry, ReplicaWrite)}, with backups that do more than apply {@code change}. */
    protected final void write(Map.Entry<byte[], byte[]> entry, ReplicaWrite<R> change,
                               EntryProcessor<byte[], byte[], R> backups) {
        OwnerLease.check(hazelcast);
        change.applyTo(entry);
        backup = backups;
        InvalidationLog invalidations = InvalidationLog.of(hazelcast);
        if (invalidations != null) {
            invalidations.written(cache, entry);
        }
    }

    /**
     * Marks a write to a {@code linearizable-reads} cache, before the processor is sent: an answer
     * that changed nothing is confirmed with the backups too (it reports the entry's state, a
     * read), and the owner answers only under {@link OwnerLease#checkLinearizable}.
     */
    final OwnerWrite<R> linearizable(boolean linearizable) {
        this.linearizable = linearizable;
        return this;
    }

    /** The cache written. */
    protected final String cache() {
        return cache;
    }

    /** The member this processor runs on (set by Hazelcast before {@code process}). */
    protected final HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public final EntryProcessor<byte[], byte[], R> getBackupProcessor() {
        return backup == null && linearizable ? NoChangeBackup.typed() : backup;
    }

    @Override
    public final int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(cache);
        out.writeBoolean(linearizable);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        cache = in.readString();
        linearizable = in.readBoolean();
        readFields(in);
    }

    /** The subclass's own fields, after the cache's name. */
    protected abstract void writeFields(ObjectDataOutput out) throws IOException;

    protected abstract void readFields(ObjectDataInput in) throws IOException;
}
