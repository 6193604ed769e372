package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place cache errors become gRPC statuses. */
final class GrpcStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static GrpcStatus of(CacheError error) {
        return switch (error) {
            case INVALID_ARGUMENT -> GrpcStatus.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> GrpcStatus.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> GrpcStatus.RESOURCE_EXHAUSTED;
            case CACHE_NOT_FOUND -> GrpcStatus.NOT_FOUND;
            case UNAVAILABLE -> GrpcStatus.UNAVAILABLE;
            case UNAUTHENTICATED -> GrpcStatus.UNAUTHENTICATED;
            case PERMISSION_DENIED -> GrpcStatus.PERMISSION_DENIED;
            case INTERNAL -> GrpcStatus.INTERNAL;
        };
    }

    /** A failure as the status exception the gRPC server sends; anything unexpected is INTERNAL. */
    static StatusException toStatusException(Throwable failure) {
        if (failure instanceof StatusException status) {
            return status;
        }
        if (failure instanceof CacheException cache) {
            return new StatusException(of(cache.error()), cache.getMessage());
        }
        // An INTERNAL answer must leave a trace: the client only sees "internal error".
        LOG.warn("A call failed unexpectedly; answered INTERNAL", failure);
        return new StatusException(GrpcStatus.INTERNAL, "internal error");
    }
}
