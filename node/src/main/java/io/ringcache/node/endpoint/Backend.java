package io.ringcache.node.endpoint;

import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.cluster.ClusterSamples;

/**
 * What endpoints serve, known only once the member has joined its cluster.
 *
 * @param store         the cache operations
 * @param topology      the members, their endpoints and every slot's replicas
 * @param report        the cluster view for operators
 * @param invalidations the owned partitions' invalidations, for near caches
 * @param samples       every member's counters, for the web console
 */
public record Backend(CacheStore store, TopologySource topology, ClusterReport report,
                      InvalidationFeed invalidations, ClusterSamples samples) {

    /** A backend whose console gathers no counters. */
    public Backend(CacheStore store, TopologySource topology, ClusterReport report, InvalidationFeed invalidations) {
        this(store, topology, report, invalidations, ClusterSamples.NONE);
    }

    /** A backend without invalidations: every watched partition answers not owned. */
    public Backend(CacheStore store, TopologySource topology, ClusterReport report) {
        this(store, topology, report, InvalidationFeed.NONE);
    }
}
