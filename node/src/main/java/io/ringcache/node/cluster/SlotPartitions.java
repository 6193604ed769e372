package io.ringcache.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

/**
 * Which Hazelcast partition holds each slot. Fixed for a cluster (it depends only on the slot
 * number and the partition count), so computed once; owners change, this does not.
 */
public final class SlotPartitions {

    private SlotPartitions() {
    }

    /** Computes the layout: 16384 hash computations, so build it off the event loop. */
    public static SlotLayout layoutOf(HazelcastInstance hazelcast) {
        PartitionService partitions = hazelcast.getPartitionService();
        int[] partitionOfSlot = new int[Slots.COUNT];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            // Maps partition by the slot number (SlotPartitioningStrategy): its partition is the slot's.
            partitionOfSlot[slot] = partitions.getPartition(slot).getPartitionId();
        }
        return SlotLayout.of(partitions.getPartitions().size(), partitionOfSlot);
    }
}
