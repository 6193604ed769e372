package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The increment request ids this member remembers, one bounded memory per partition: the owner
 * records an id when it applies an increment, and each backup when it applies the owner's
 * change, so a backup promoted after its owner died still knows the ids. Every id is kept for
 * at least {@link #WINDOW_MS}, up to {@link #PER_PARTITION} per partition.
 *
 * <p>A memory that may lack ids younger than the window cannot vouch that an unknown id was
 * never applied: a partition copy that arrived by migration (the sender's memories stay behind)
 * and a memory that forgot an id early to stay in bound. Until the window has passed since,
 * a retried unknown id is refused (outcome unknown) instead of counted a second time.
 * Migration events reach the listener just after the new owner starts serving, so a retry in
 * those few milliseconds is not caught; client retries wait a backoff first.
 */
final class IncrementIds {

    /** Where the memory sits in the member's user context (entry processors find it there). */
    static final String CONTEXT_KEY = "ringcache.increment-ids";
    /** How long an id is remembered at least. Clients retry an increment for less than this. */
    static final long WINDOW_MS = 60_000;
    /** Ids remembered per partition at most (all caches together). */
    static final int PER_PARTITION = 256;

    /** The first call's answer to an id: {@code [value, version]}. */
    record Result(long value, long version) {
    }

    private final SlotLayout layout;
    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final int perPartition;
    private final Memory[] partitions;

    IncrementIds(SlotLayout layout, LongSupplier nanoClock, long windowMs, int perPartition) {
        this.layout = layout;
        this.nanoClock = nanoClock;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        this.perPartition = perPartition;
        this.partitions = new Memory[layout.partitionCount()];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new Memory();
        }
    }

    /** Registers the memory where this member's entry processors find it, and follows replica moves. */
    void install(HazelcastInstance hazelcast) {
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
        hazelcast.getPartitionService().addMigrationListener(new ReplicaArrivals());
        if (hazelcast.getCluster().getMembers().size() > 1) {
            // Replicas may have arrived between the join and this listener: doubt them all once.
            for (int p = 0; p < partitions.length; p++) {
                arrived(p);
            }
        }
    }

    /** The memory of the member a processor runs on; null before the store exists there. */
    static IncrementIds of(HazelcastInstance hazelcast) {
        return hazelcast == null ? null : (IncrementIds) hazelcast.getUserContext().get(CONTEXT_KEY);
    }

    /** The result the id got the first time, or null if this member does not know it. */
    Result remembered(String cache, byte[] key, String requestId) {
        return memory(key).get(new Id(cache, ByteBuffer.wrap(key), requestId), nanoClock.getAsLong());
    }

    /** Whether this member would know the id had an increment of this key carried it within the window. */
    boolean vouchesFor(byte[] key) {
        return memory(key).vouches(nanoClock.getAsLong());
    }

    void remember(String cache, byte[] key, String requestId, Result result) {
        memory(key).put(new Id(cache, ByteBuffer.wrap(key.clone()), requestId), result, nanoClock.getAsLong());
    }

    /**
     * A replica of {@code partition} came here from another member, whose ids stayed there. The
     * ids known here stay true (the copy holds their effects); unknown ones are in doubt.
     */
    void arrived(int partition) {
        partitions[partition].doubt(nanoClock.getAsLong());
    }

    private Memory memory(byte[] key) {
        return partitions[layout.partitionOf(Slots.slot(key))];
    }

    private record Id(String cache, ByteBuffer key, String requestId) {
    }

    private record Remembered(Result result, long atNanos) {
    }

    /**
     * One partition's ids, oldest first. Its lock is taken by the partition thread (owner or
     * backup work) and, rarely, a migration event.
     */
    private final class Memory {
        private final LinkedHashMap<Id, Remembered> ids = new LinkedHashMap<>();
        /** Whether, until when (nanoTime), an unknown retried id cannot be vouched for. */
        private boolean blind;
        private long blindUntil;

        synchronized Result get(Id id, long now) {
            expire(now);
            Remembered remembered = ids.get(id);
            return remembered == null ? null : remembered.result();
        }

        synchronized boolean vouches(long now) {
            if (blind && now - blindUntil >= 0) {
                blind = false;
            }
            return !blind;
        }

        synchronized void put(Id id, Result result, long now) {
            expire(now);
            ids.put(id, new Remembered(result, now));
            if (ids.size() > perPartition) {
                Iterator<Remembered> oldest = ids.values().iterator();
                // Forgotten before its window ended: unknown retries are unsafe until it would have ended.
                blindFor(oldest.next().atNanos() + windowNanos);
                oldest.remove();
            }
        }

        synchronized void doubt(long now) {
            blindFor(now + windowNanos);
        }

        private void blindFor(long until) {
            if (!blind || until - blindUntil > 0) {
                blindUntil = until;
            }
            blind = true;
        }

        private void expire(long now) {
            Iterator<Map.Entry<Id, Remembered>> oldest = ids.entrySet().iterator();
            while (oldest.hasNext() && now - oldest.next().getValue().atNanos() >= windowNanos) {
                oldest.remove();
            }
        }
    }

    /**
     * A replica arriving from another member (a migration copies the data, not these memories)
     * blinds the partition for the window. A replica index moving within this member (a
     * backup promoted to owner) keeps the memory: it recorded every increment as a backup.
     */
    private final class ReplicaArrivals implements CompletedReplicaMoves {
        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            boolean toHere = event.getDestination() != null && event.getDestination().localMember();
            boolean fromElsewhere = event.getSource() != null && !event.getSource().localMember();
            if (toHere && fromElsewhere) {
                arrived(event.getPartitionId());
            }
        }
    }
}
