package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * The limit of a cache that evicts nothing (eviction NONE): checked on the key's owner before
 * a write adds a key, against what this node owns of the cache. Hazelcast itself never
 * refuses a write, whatever the size limit, when its eviction policy is NONE.
 *
 * @param mapName  the cache's map
 * @param maxEntries most entries per node (0 = none)
 * @param maxBytes   most bytes of entries per node (0 = none)
 */
record CapacityGuard(String mapName, long maxEntries, long maxBytes) {

    static final CapacityGuard NONE = new CapacityGuard("", 0, 0);

    boolean isActive() {
        return maxEntries > 0 || maxBytes > 0;
    }

    /**
     * Whether a key may not be added on this member (only asked when a write would add one):
     * its heap is nearly full (see {@link HeapGuard}), or its share of a capped cache is.
     */
    boolean isFull(HazelcastInstance hazelcast) {
        if (hazelcast == null) {
            return false;
        }
        HeapGuard heap = HeapGuard.of(hazelcast.getUserContext());
        if (heap != null && heap.isFull()) {
            return true;
        }
        if (!isActive()) {
            return false;
        }
        LocalMapStats stats = hazelcast.getMap(mapName).getLocalMapStats();
        return (maxEntries > 0 && stats.getOwnedEntryCount() >= maxEntries)
                || (maxBytes > 0 && stats.getOwnedEntryMemoryCost() >= maxBytes);
    }

    void write(ObjectDataOutput out) throws IOException {
        out.writeString(mapName);
        out.writeLong(maxEntries);
        out.writeLong(maxBytes);
    }

    static CapacityGuard read(ObjectDataInput in) throws IOException {
        return new CapacityGuard(in.readString(), in.readLong(), in.readLong());
    }
}
