package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses a gRPC call before reading it: a trailers-only answer, as any gRPC server sends for a
 * call it will not serve, then (when the client is still sending) RST_STREAM with NO_ERROR, as
 * HTTP/2 allows after a complete response. Without the reset a client that keeps its half of
 * a streaming call open (a Pipeline) holds one of the connection's stream slots until the
 * connection closes.
 */
final class TrailersOnlyRefusal {

    /** HTTP/2 error code NO_ERROR: stop sending, the answer is complete. */
    private static final long NO_ERROR = 0;

    private TrailersOnlyRefusal() {
    }

    /** {@code message} must be ASCII without '%', so it needs no percent-encoding. */
    static void refuse(HttpServerRequest request, CacheError error, String message) {
        request.response()
                .putHeader("content-type", "application/grpc")
                .putHeader("grpc-status", Integer.toString(GrpcStatuses.of(error).code))
                .putHeader("grpc-message", message)
                .end()
                .onSuccess(sent -> {
                    if (!request.isEnded()) {
                        request.response().reset(NO_ERROR);
                    }
                });
    }
}
