package io.ringcache.node.http;

import io.vertx.core.Future;

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
}
