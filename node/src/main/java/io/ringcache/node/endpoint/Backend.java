package io.ringcache.node.endpoint;

import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.TopologySource;

/**
 * What endpoints serve, known only once the member has joined its cluster.
 *
 * @param store    the cache operations
 * @param topology the members, their endpoints and every slot's replicas
 * @param report   the cluster view for operators
 */
public record Backend(CacheStore store, TopologySource topology, ClusterReport report) {
}
