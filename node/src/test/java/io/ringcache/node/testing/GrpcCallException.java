package io.ringcache.node.testing;

import io.vertx.grpc.common.GrpcStatus;

/** A gRPC call ended with a status other than OK. */
public final class GrpcCallException extends RuntimeException {

    private final GrpcStatus status;

    public GrpcCallException(GrpcStatus status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    public GrpcStatus status() {
        return status;
    }
}
