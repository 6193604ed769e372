package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

/**
 * Which Hazelcast partition holds each slot, and who owns it now. The slot -> partition part is
 * the {@link SlotLayout} of the member's partition count (the maps' SlotPartitioningStrategy
 * places keys by the same layout), fixed for a cluster; owners change, the layout does not.
 */
public final class SlotPartitions {

    private final SlotLayout layout;
    private final Partition[] partitionsById;
    private final InternalPartitionService partitionTable;

    /** Reads the member's partitions; build it off the event loop. */
    public SlotPartitions(HazelcastInstance hazelcast) {
        PartitionService partitions = hazelcast.getPartitionService();
        layout = new SlotLayout(partitions.getPartitions().size());
        // Hazelcast's Partition objects read the live partition table, so they are kept.
        // The internal table answers "is it mine?" without resolving the owner's Member.
        partitionTable = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getPartitionService();
        partitionsById = new Partition[partitions.getPartitions().size()];
        for (Partition partition : partitions.getPartitions()) {
            partitionsById[partition.getPartitionId()] = partition;
        }
    }

    /** How the slots are laid out over the partitions. */
    public SlotLayout layout() {
        return layout;
    }

    public int partitionOf(int slot) {
        return layout.partitionOf(slot);
    }

    public int partitionOfKey(byte[] key) {
        return layout.partitionOf(Slots.slot(key));
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
