package io.ringcache.node.store;

import com.hazelcast.partition.PartitioningStrategy;
import io.ringcache.node.routing.Slots;

/**
 * Places a key by its slot: Hazelcast partitions by the slot number instead of the whole key,
 * so every slot lives in exactly one partition, has that partition's owner, and all keys of a
 * slot (a hash tag's keys among them) move together.
 */
final class SlotPartitioningStrategy implements PartitioningStrategy<Object> {

    /** What Hazelcast partitions a key of {@code slot} by. */
    static Object partitionKeyOfSlot(int slot) {
        return Integer.valueOf(slot);
    }

    @Override
    public Object getPartitionKey(Object key) {
        return key instanceof byte[] bytes ? partitionKeyOfSlot(Slots.slot(bytes)) : key;
    }
}
