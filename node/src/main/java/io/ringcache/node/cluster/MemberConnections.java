package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

import java.util.UUID;

/**
 * When this member last read anything from another member's connection. Reads happen on
 * Hazelcast's I/O threads, so this stays current while its cluster service is too busy to
 * handle heartbeats; a frozen or cut-off member sends nothing and goes quiet here too.
 */
final class MemberConnections {

    private final HazelcastInstance hazelcast;
    private final HazelcastInternals internals;

    MemberConnections(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.internals = HazelcastInternals.of(hazelcast);
    }

    /** Epoch millis of the last read from {@code member}; Long.MIN_VALUE without a connection. */
    long lastReadMillis(UUID member) {
        for (Member candidate : hazelcast.getCluster().getMembers()) {
            if (candidate.getUuid().equals(member)) {
                return internals.lastReadMillis(candidate.getAddress());
            }
        }
        return Long.MIN_VALUE;
    }
}
