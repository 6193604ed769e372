package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cluster.NodeReadiness;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers every gRPC call UNAVAILABLE with the readiness reason until the services exist, then
 * lets calls through. The port listens from the node's start, so a client connecting early gets
 * an answer it retries at once instead of a refused connection and its reconnect backoff.
 */
final class GrpcStartGate implements Handler<HttpServerRequest> {

    private final NodeReadiness readiness;
    private final Handler<HttpServerRequest> grpc;
    private volatile boolean open;

    GrpcStartGate(NodeReadiness readiness, Handler<HttpServerRequest> grpc) {
        this.readiness = readiness;
        this.grpc = grpc;
    }

    /** Lets calls through from now on; the services must have been added before. */
    void open() {
        open = true;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (open) {
            grpc.handle(request);
            return;
        }
        TrailersOnlyRefusal.refuse(request, CacheError.UNAVAILABLE, "node not ready: " + readiness.reason());
    }
}
