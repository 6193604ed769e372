package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.partition.PartitioningStrategy;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

/**
 * Places a key by its slot, in the partition {@link SlotLayout} assigns the slot: every slot
 * lives in exactly one partition and has that partition's owner, all keys of a slot (a hash
 * tag's keys among them) move together, and each partition holds one contiguous range of slots,
 * so the topology can be given as ranges.
 */
final class SlotPartitioningStrategy implements PartitioningStrategy<Object> {

    // PartitioningStrategy is Serializable, but this one lives only in the member's static
    // configuration and is never sent: each member builds its own from the same partition count.
    private final transient SlotLayout layout;
    /** Per partition, the partition key Hazelcast places in exactly that partition. */
    private final transient Object[] partitionKeys;

    SlotPartitioningStrategy(SlotLayout layout) {
        this.layout = layout;
        this.partitionKeys = new Object[layout.partitionCount()];
        for (int partition = 0; partition < partitionKeys.length; partition++) {
            partitionKeys[partition] = HazelcastInternals.partitionKeyOf(partition, layout.partitionCount());
        }
    }

    /**
     * The strategy for a member started from {@code config}: laid out for the partition count
     * that member will have (read as Hazelcast reads it: the config's property, else the
     * system property, else Hazelcast's default). Call it once that count is set on {@code config}.
     */
    static SlotPartitioningStrategy forMember(Config config) {
        return new SlotPartitioningStrategy(
                new SlotLayout(new HazelcastProperties(config).getInteger(ClusterProperty.PARTITION_COUNT)));
    }

    /** The partition key that places a key in {@code partition}. */
    Object partitionKeyOfPartition(int partition) {
        return partitionKeys[partition];
    }

    @Override
    public Object getPartitionKey(Object key) {
        return key instanceof byte[] bytes ? partitionKeys[layout.partitionOf(Slots.slot(bytes))] : key;
    }
}
