package io.ringcache.node.http;

import io.ringcache.node.cluster.CacheDeclarations;
import io.vertx.core.Future;

import java.util.List;

/** What the HTTP endpoint reports about the cluster, without seeing Hazelcast. */
public interface ClusterStatus {

    /** Members this node sees, itself included; 0 before it has joined. */
    int memberCount();

    /** Partitions that lost every copy within the lost-data window; 0 in a healthy cluster. */
    int recentlyLostPartitions();

    /**
     * Whether every partition's backups are in sync with its owner; may ask every member, so
     * implementations run it off the event loop.
     */
    Future<Boolean> isClusterSafe();

    /** The caches the members do not all declare alike; empty when they agree or it is unknown. */
    default List<CacheDeclarations.Mismatch> cacheMismatches() {
        return List.of();
    }
}
