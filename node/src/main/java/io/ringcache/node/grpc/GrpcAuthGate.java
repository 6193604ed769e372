package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.security.BearerAuth;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Lets a gRPC call through only with the bearer token (when one is configured). Checked on
 * the request's headers before any message is read, so an unauthenticated client costs one
 * header lookup; it gets a trailers-only UNAUTHENTICATED answer, as any gRPC server sends.
 * The gRPC health service stays open for orchestrators and load balancers.
 */
final class GrpcAuthGate implements Handler<HttpServerRequest> {

    private static final String OPEN_SERVICE = "/grpc.health.v1.Health/";

    private final BearerAuth auth;
    private final Handler<HttpServerRequest> grpc;

    GrpcAuthGate(BearerAuth auth, Handler<HttpServerRequest> grpc) {
        this.auth = auth;
        this.grpc = grpc;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (auth.allows(request.getHeader("authorization")) || request.path().startsWith(OPEN_SERVICE)) {
            grpc.handle(request);
            return;
        }
        TrailersOnlyRefusal.refuse(request, CacheError.UNAUTHENTICATED,
                "missing or wrong bearer token in the authorization header");
    }
}
