package io.ringcache.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.routing.SlotLayout;

/** The slot layout of a member: its partition count decides it (see {@link SlotLayout}). */
public final class SlotPartitions {

    private SlotPartitions() {
    }

    /** The layout of {@code hazelcast}'s partitions. */
    public static SlotLayout layoutOf(HazelcastInstance hazelcast) {
        return new SlotLayout(hazelcast.getPartitionService().getPartitions().size());
    }
}
