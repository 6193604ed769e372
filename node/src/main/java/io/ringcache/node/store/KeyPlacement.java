package io.ringcache.node.store;

import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Route;

/**
 * A key in the serialized form Hazelcast places it by, built from the route the request
 * already has: Hazelcast does not run the partitioning strategy (and hash the key) again.
 */
final class KeyPlacement {

    private final HazelcastInternals internals;

    KeyPlacement(HazelcastInternals internals) {
        this.internals = internals;
    }

    Object keyData(byte[] key, Route route) {
        return internals.keyData(key, SlotPartitioningStrategy.partitionKeyOfSlot(route.slot()));
    }
}
