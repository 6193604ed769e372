package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.IntStream;

/** Keys placed on a chosen member, for tests of one member's view of another. */
final class OwnedKeys {

    private OwnedKeys() {
    }

    /** A key whose partition {@code owner} owns, as {@code asked}'s partition table says. */
    static CacheKey ownedBy(RingcacheNode asked, RingcacheNode owner, String prefix) {
        SlotLayout layout = SlotPartitions.layoutOf(asked.member().hazelcast());
        HazelcastInternals table = HazelcastInternals.of(asked.member().hazelcast());
        UUID ownerId = owner.member().hazelcast().getCluster().getLocalMember().getUuid();
        return IntStream.range(0, 10_000).mapToObj(i -> (prefix + i).getBytes(StandardCharsets.UTF_8))
                .filter(key -> ownerId.equals(table.replicaOf(layout.partitionOf(Slots.slot(key)), 0)))
                .findFirst().map(CacheKey::of).orElseThrow();
    }
}
