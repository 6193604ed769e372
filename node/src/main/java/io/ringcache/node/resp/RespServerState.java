package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.security.BearerAuth;

import java.util.Collection;

/** What command handlers read besides their call: the store, the topology, the settings, the open connections. */
final class RespServerState {

    private final NodeConfig config;
    private final Backend backend;
    private final Collection<RespConnection> connections;
    private final BearerAuth auth;
    private final long startedMillis = System.currentTimeMillis();
    private final Batches batches;

    RespServerState(NodeConfig config, Backend backend, Collection<RespConnection> connections, BearerAuth auth) {
        this.config = config;
        this.backend = backend;
        this.connections = connections;
        this.auth = auth;
        this.batches = new Batches(backend.store(), config.maxBatchKeys());
    }

    /** Multi-key operations in batches of at most max-batch-keys. */
    Batches batches() {
        return batches;
    }

    NodeConfig config() {
        return config;
    }

    CacheStore store() {
        return backend.store();
    }

    TopologySource topology() {
        return backend.topology();
    }

    ClusterReport report() {
        return backend.report();
    }

    Collection<RespConnection> connections() {
        return connections;
    }

    BearerAuth auth() {
        return auth;
    }

    long startedMillis() {
        return startedMillis;
    }
}
