package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.server.ServerConnection;
import com.hazelcast.internal.server.ServerConnectionManager;

import java.util.UUID;

/**
 * When this member last read anything from another member's connection. Reads happen on
 * Hazelcast's I/O threads, so this stays current while its cluster service is too busy to
 * handle heartbeats; a frozen or cut-off member sends nothing and goes quiet here too.
 */
final class MemberConnections {

    private final HazelcastInstance hazelcast;
    private final ServerConnectionManager connections;

    MemberConnections(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.connections = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getServer()
                .getConnectionManager(EndpointQualifier.MEMBER);
    }

    /** Epoch millis of the last read from {@code member}; Long.MIN_VALUE without a connection. */
    long lastReadMillis(UUID member) {
        for (Member candidate : hazelcast.getCluster().getMembers()) {
            if (candidate.getUuid().equals(member)) {
                long latest = Long.MIN_VALUE;
                for (ServerConnection connection : connections.getAllConnections(candidate.getAddress())) {
                    if (connection.isAlive()) {
                        latest = Math.max(latest, connection.lastReadTimeMillis());
                    }
                }
                return latest;
            }
        }
        return Long.MIN_VALUE;
    }
}
