package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import io.ringcache.node.routing.Slots;

/**
 * Which Hazelcast partition holds each slot. Fixed for a cluster (it depends only on the slot
 * number and the partition count), so computed once; owners change, this does not.
 */
public final class SlotPartitions {

    private final int[] partitionOfSlot = new int[Slots.COUNT];
    private final Partition[] partitionsById;
    private final InternalPartitionService partitionTable;

    /** Computes the table: 16384 hash computations, so build it off the event loop. */
    public SlotPartitions(HazelcastInstance hazelcast) {
        PartitionService partitions = hazelcast.getPartitionService();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            // Maps partition by the slot number (SlotPartitioningStrategy): its partition is the slot's.
            partitionOfSlot[slot] = partitions.getPartition(slot).getPartitionId();
        }
        // Hazelcast's Partition objects read the live partition table, so they are kept.
        // The internal table answers "is it mine?" without resolving the owner's Member.
        partitionTable = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getPartitionService();
        partitionsById = new Partition[partitions.getPartitions().size()];
        for (Partition partition : partitions.getPartitions()) {
            partitionsById[partition.getPartitionId()] = partition;
        }
    }

    public int partitionOf(int slot) {
        return partitionOfSlot[slot];
    }

    public int partitionOfKey(byte[] key) {
        return partitionOfSlot[Slots.slot(key)];
    }

    /** Whether this member owns the key's partition now: cheaper than {@link #ownerOfKey}. */
    public boolean ownedLocally(byte[] key) {
        return partitionTable.getPartition(partitionOfKey(key)).isLocal();
    }

    /** The current owner of the key's partition; null while the partition has none. */
    public Member ownerOfKey(byte[] key) {
        return partitionsById[partitionOfKey(key)].getOwner();
    }
}
