package io.ringcache.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The members that announced they leave on purpose, in the replicated map
 * {@value #DEPARTURES}: a graceful leave shrinks the expected cluster size, and a departing
 * member is neither counted as seen nor taken for silent while it hands its partitions off.
 * Before {@link #attach} nobody has left.
 */
final class Departures {

    private static final String DEPARTURES = "ringcache.departures";
    private static final long DEPARTURE_MEMORY_MINUTES = 10;

    private volatile ReplicatedMap<String, Long> departures;
    private volatile Predicate<UUID> leftGracefully = uuid -> false;

    /** Starts reading and writing the member's departure map. */
    void attach(HazelcastInstance hazelcast) {
        ReplicatedMap<String, Long> map = hazelcast.getReplicatedMap(DEPARTURES);
        departures = map;
        leftGracefully = uuid -> map.containsKey(uuid.toString());
    }

    /**
     * Tells every member that this one is leaving on purpose, so they stop expecting it. The
     * announcement reaches them long before the member leaves: the hand-off of its partitions
     * comes in between.
     */
    void announceGracefulLeave(HazelcastInstance hazelcast) {
        ReplicatedMap<String, Long> current = departures;
        if (current != null) {
            current.put(hazelcast.getCluster().getLocalMember().getUuid().toString(), System.currentTimeMillis(),
                    DEPARTURE_MEMORY_MINUTES, TimeUnit.MINUTES);
        }
    }

    /** Whether {@code member} announced a graceful leave (in the last ten minutes). A local lookup. */
    boolean leftGracefully(UUID member) {
        return leftGracefully.test(member);
    }

    /** For tests: which members count as having left gracefully. */
    void leftGracefullyIf(Predicate<UUID> test) {
        leftGracefully = test;
    }
}
