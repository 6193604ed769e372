package io.ringcache.node.store;

import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Route;

/**
 * A key in the serialized form Hazelcast places it by, built from the route the request
 * already has: Hazelcast does not run the partitioning strategy (and hash the key) again.
 */
final class KeyPlacement {

    private final HazelcastInternals internals;
    private final SlotPartitioningStrategy placement;

    /** @param placement the same placement the cache maps use (it depends only on the partition count) */
    KeyPlacement(HazelcastInternals internals, SlotPartitioningStrategy placement) {
        this.internals = internals;
        this.placement = placement;
    }

    Object keyData(byte[] key, Route route) {
        return internals.keyData(key, placement.partitionKeyOfPartition(route.partition()));
    }
}
