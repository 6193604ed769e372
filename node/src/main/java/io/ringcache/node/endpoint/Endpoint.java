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
        /** Listens once the store exists; drained before the member leaves. */
        WITH_STORE
    }

    /** Its name, label, phase, configured host and port, and port setting. */
    EndpointSpec spec();

    /** Hands the endpoint what it serves; called once, before any {@link Phase#WITH_STORE} endpoint listens. */
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
