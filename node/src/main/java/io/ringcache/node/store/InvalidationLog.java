package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.topic.ITopic;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.PartitionTable;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The store's {@link InvalidationFeed}: one {@link Partition} per cache and partition, kept by
 * the member that owns it. Owner writes reach it through {@link #of} (the member's user
 * context: entry processors find it from the instance they run on) and call {@link #written}
 * on the partition thread, in the same step as the change, so sequence order is apply order.
 */
final class InvalidationLog implements InvalidationFeed {

    /** Where the log sits in the member's user context. */
    static final String CONTEXT_KEY = "ringcache.invalidations";
    private static final String CLEARS_TOPIC = "ringcache.cleared-caches";

    private final SlotLayout layout;
    private final Supplier<PartitionTable> table;
    private final Map<String, Partition[]> caches = new HashMap<>();
    private ITopic<String> clears;
    private HazelcastInternals internals;

    InvalidationLog(SlotLayout layout, Supplier<PartitionTable> table, Collection<String> cacheNames) {
        this.layout = layout;
        this.table = table;
        for (String name : cacheNames) {
            Partition[] partitions = new Partition[layout.partitionCount()];
            for (int p = 0; p < partitions.length; p++) {
                partitions[p] = new Partition(name, p);
            }
            caches.put(name, partitions);
        }
    }

    /**
     * Registers the log where this member's entry processors find it, follows ownership moves,
     * and hears of clears made on any member (a topic, not a map listener: a map with a
     * listener pays for event publishing on every write).
     */
    void install(HazelcastInstance hazelcast) {
        internals = HazelcastInternals.of(hazelcast);
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
        hazelcast.getPartitionService().addMigrationListener(new OwnerMoves());
        clears = hazelcast.getTopic(CLEARS_TOPIC);
        clears.addMessageListener(message -> cleared(message.getMessageObject()));
    }

    /** After a clear of {@code cache} on this member: tells every member, this one included. */
    void announceCleared(String cache) {
        clears.publishAsync(cache);
    }

    /** The log of the member an entry processor runs on; null before the store exists there. */
    static InvalidationLog of(HazelcastInstance hazelcast) {
        return hazelcast == null ? null : (InvalidationLog) hazelcast.getUserContext().get(CONTEXT_KEY);
    }

    /** On the owner's partition thread: {@code entry} of {@code cache} was just changed. */
    void written(String cache, Map.Entry<byte[], byte[]> entry) {
        Partition[] partitions = caches.get(cache);
        if (partitions != null) {
            // The partition Hazelcast ran the write on, from the key's serialized form: the slot
            // was hashed once already, on the node that took the request.
            int partition = internals == null ? -1 : internals.partitionOfEntry(entry);
            byte[] key = entry.getKey();
            partitions[partition >= 0 ? partition : layout.partitionOf(Slots.slot(key))].written(key);
        }
    }

    @Override
    public Stamp stamp(String cache, int slot) {
        Partition partition = partitions(cache)[partitionOf(slot)];
        return partition.stamp(ownedPerTable(partition.index));
    }

    @Override
    public Watch watch(String cache, int slot, Listener listener) {
        Partition partition = partitions(cache)[partitionOf(slot)];
        return partition.watch(listener, ownedPerTable(partition.index));
    }

    private boolean ownedPerTable(int partition) {
        return table.get().selfReplicaIndex(partition) == 0;
    }

    @Override
    public void unwatch(String cache, int slot, Listener listener) {
        partitions(cache)[partitionOf(slot)].unwatch(listener);
    }

    @Override
    public void unwatchAll(Listener listener) {
        for (Partition[] partitions : caches.values()) {
            for (Partition partition : partitions) {
                partition.unwatch(listener);
            }
        }
    }

    @Override
    public void dropNext(String cache, int partition) {
        partitions(cache)[partition].dropNext();
    }

    /**
     * The master says this member gave {@code partition} up. Its own partition table may still
     * name it the owner for a while (the event and the new table travel separately: about a third
     * of the events of a join arrive first), and a watch or stamp answered as owner meanwhile
     * would follow a partition this member never writes again. So until the table shows the move
     * (or the partition comes back), every cache's partition here answers as not owned.
     */
    void movedFromHere(int partition) {
        for (Partition[] partitions : caches.values()) {
            partitions[partition].movedAway(true);
        }
    }

    /** The master says this member took {@code partition}: every cache's state there restarts. */
    void movedToHere(int partition) {
        for (Partition[] partitions : caches.values()) {
            partitions[partition].movedAway(false);
        }
    }

    /** Every copy of {@code cache}'s data in {@code partition} was lost. */
    void lost(String cache, int partition) {
        Partition[] partitions = caches.get(cache);
        if (partitions != null) {
            partitions[partition].reset(Reset.LOST);
        }
    }

    /** The whole of {@code cache} was cleared (on any member): its partitions go on under new identities. */
    void cleared(String cache) {
        Partition[] partitions = caches.get(cache);
        if (partitions != null) {
            for (Partition partition : partitions) {
                partition.reset(Reset.CLEARED);
            }
        }
    }

    private Partition[] partitions(String cache) {
        String name = cache == null || cache.isEmpty() ? CacheSettings.DEFAULT_NAME : cache;
        Partition[] partitions = caches.get(name);
        if (partitions == null) {
            throw new CacheException(CacheError.CACHE_NOT_FOUND, "no cache named '" + name + "'");
        }
        return partitions;
    }

    private int partitionOf(int slot) {
        if (slot < 0 || slot >= Slots.COUNT) {
            throw new CacheException(CacheError.INVALID_ARGUMENT, "slot " + slot + " is not in 0.." + (Slots.COUNT - 1));
        }
        return layout.partitionOf(slot);
    }

    private static long newIdentity() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /**
     * One cache's partition on this member. Its lock is taken by the partition thread on every
     * write (uncontended but for a watch or a reset), so a watch's sequence and the events
     * after it can neither overlap nor leave a hole.
     */
    private final class Partition {
        private static final Listener[] NONE = new Listener[0];

        private final String cache;
        private final int index;
        private long identity;
        private long sequence;
        private int dropNext;
        /** Given up per the master's event, while this member's table may still say otherwise. */
        private boolean movedAway;
        private Listener[] listeners = NONE;

        Partition(String cache, int index) {
            this.cache = cache;
            this.index = index;
        }

        synchronized void written(byte[] key) {
            if (identity == 0) {
                identity = newIdentity();
            }
            long next = ++sequence;
            if (dropNext > 0) {
                dropNext--;
                return;
            }
            for (Listener listener : listeners) {
                listener.invalidated(cache, index, identity, next, key);
            }
        }

        synchronized Stamp stamp(boolean ownedPerTable) {
            if (!owns(ownedPerTable)) {
                return new Stamp(index, 0, 0);
            }
            if (identity == 0) {
                identity = newIdentity();
            }
            return new Stamp(index, identity, sequence);
        }

        synchronized Watch watch(Listener listener, boolean ownedPerTable) {
            int first = layout.firstSlot(index);
            int last = layout.lastSlot(index);
            if (!owns(ownedPerTable)) {
                return new Watch(index, first, last, false, 0, 0);
            }
            if (identity == 0) {
                identity = newIdentity();
            }
            if (!Arrays.asList(listeners).contains(listener)) {
                listeners = Arrays.copyOf(listeners, listeners.length + 1);
                listeners[listeners.length - 1] = listener;
            }
            return new Watch(index, first, last, true, identity, sequence);
        }

        synchronized void unwatch(Listener listener) {
            int at = Arrays.asList(listeners).indexOf(listener);
            if (at < 0) {
                return;
            }
            Listener[] fewer = new Listener[listeners.length - 1];
            System.arraycopy(listeners, 0, fewer, 0, at);
            System.arraycopy(listeners, at + 1, fewer, at, fewer.length - at);
            listeners = fewer;
        }

        synchronized void dropNext() {
            dropNext++;
        }

        /**
         * Under the monitor, so a watch that read the table before a move's event and registers
         * after it still sees the move. The table not naming this member clears the mark: the
         * move has reached it, and the next ownership comes with its own event.
         */
        private boolean owns(boolean ownedPerTable) {
            if (!ownedPerTable) {
                movedAway = false;
                return false;
            }
            return !movedAway;
        }

        /** An ownership move's event: the state restarts (MOVED), marked given up or not. */
        synchronized void movedAway(boolean away) {
            movedAway = away;
            reset(Reset.MOVED);
        }

        /** MOVED forgets the partition (a later owner starts afresh); LOST and CLEARED go on under a new identity. */
        synchronized void reset(Reset reason) {
            sequence = 0;
            identity = reason == Reset.MOVED ? 0 : newIdentity();
            Listener[] told = listeners;
            if (reason == Reset.MOVED) {
                listeners = NONE;
            }
            for (Listener listener : told) {
                listener.reset(cache, index, reason, identity, sequence);
            }
        }
    }

    /** Owner moves, from Hazelcast's migration events: on the member that gave a partition up, and the one that took it. */
    private final class OwnerMoves implements CompletedReplicaMoves {
        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            if (event.getReplicaIndex() != 0) {
                return;
            }
            if (event.getDestination() != null && event.getDestination().localMember()) {
                movedToHere(event.getPartitionId());
            } else if (event.getSource() != null && event.getSource().localMember()) {
                movedFromHere(event.getPartitionId());
            }
        }
    }
}
