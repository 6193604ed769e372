package io.ringcache.node.console;

import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.LocalSample;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.metrics.NodeMetrics;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Supplier;

/** This member's health and counters for the web console. */
public final class MemberSampler implements LocalSample {

    private final NodeMetrics metrics;
    private final NodeReadiness readiness;
    private final ClusterQuorum quorum;
    private final LostPartitions lostPartitions;
    private final Supplier<CacheStore> store;

    /** @param store the node's store, null until the node has joined */
    public MemberSampler(NodeMetrics metrics, NodeReadiness readiness, ClusterQuorum quorum,
                         LostPartitions lostPartitions, Supplier<CacheStore> store) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.quorum = quorum;
        this.lostPartitions = lostPartitions;
        this.store = store;
    }

    /** Reads Hazelcast's local map statistics: call it off the event loop. */
    @Override
    public JsonObject sample() {
        CacheStore current = store.get();
        return metrics.sample(current == null ? List.of() : current.describeCaches())
                .put("time_ms", System.currentTimeMillis())
                .put("ready", readiness.isReady())
                .put("phase", readiness.phase().name())
                .put("reason", readiness.reason())
                .put("quorum", quorum.isPresent())
                .put("lost_partitions_recent", lostPartitions.recentCount());
    }
}
