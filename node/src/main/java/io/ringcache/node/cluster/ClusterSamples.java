package io.ringcache.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Every member's counters, gathered for the web console by the node serving it. */
public interface ClusterSamples {

    /** Gathers nothing: for a node that has not joined a cluster. */
    ClusterSamples NONE = () -> Future.failedFuture("this node has not joined its cluster yet");

    /**
     * {@code {"time_ms": ..., "members": [sample, ...]}}, one sample per member; a member that
     * did not answer in time has {@code "error"} instead of figures. Never fails for one member.
     */
    Future<JsonObject> gather();
}
