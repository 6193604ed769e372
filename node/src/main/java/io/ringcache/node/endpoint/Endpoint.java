package io.ringcache.node.endpoint;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * One protocol a node serves clients on (gRPC, HTTP, later RESP): a listener the node starts,
 * drains and closes through {@link Endpoints}, and publishes to the cluster under its
 * {@link EndpointSpec#name() name}. Adding a protocol means adding one endpoint to the node's list; start-up,
 * shutdown and the topology handle it from there.
 */
public interface Endpoint {

    /** When an endpoint listens, relative to the member joining its cluster. */
    enum Phase {
        /**
         * Listens before the member joins (liveness answers while joining) and is closed only
         * after the member has handed its partitions off; requests for data get "not ready"
         * until {@link #attach} has run.
         */
        BEFORE_JOIN,
        /**
         * Listens before the member joins, answering every call UNAVAILABLE with the readiness
         * reason until {@link #attach} has run (a client connecting early waits in no reconnect
         * backoff); drained before the member leaves, as its calls use the store.
         */
        BEFORE_JOIN_DRAINED,
        /** Listens once the store exists; drained before the member leaves. */
        WITH_STORE
    }

    /** Its name, label, phase, configured host and port, and port setting. */
    EndpointSpec spec();

    /**
     * Hands the endpoint what it serves; called once, off the event loop (building services loads
     * protobuf descriptors and command tables: seconds on a loaded host), before any
     * {@link Phase#WITH_STORE} endpoint listens.
     */
    void attach(Backend backend);

    /** Starts listening; fails with a message naming the host, port and setting if it cannot. */
    Future<Void> listen();

    /** The port it listens on (differs from the configured port when that is 0). */
    int actualPort();

    /** Stops accepting, lets in-flight requests finish for up to {@code grace}, then closes. */
    Future<Void> shutdown(Duration grace);

    /** Closes at once, dropping open connections. */
    Future<Void> close();
}
