package io.ringcache.node.http;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one place cache errors become HTTP statuses; every error body is {"error", "message"}. */
final class HttpErrors {

    private HttpErrors() {
    }

    static int status(CacheError error) {
        return switch (error) {
            case INVALID_ARGUMENT -> 400;
            case CACHE_NOT_FOUND -> 404;
            case FAILED_PRECONDITION -> 409;
            case RESOURCE_EXHAUSTED -> 507;
            case UNAVAILABLE -> 503;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case INTERNAL -> 500;
        };
    }

    static void reply(RoutingContext ctx, Throwable failure) {
        if (failure instanceof CacheException cache) {
            reply(ctx, cache.error(), cache.getMessage());
        } else {
            reply(ctx, CacheError.INTERNAL, "internal error");
        }
    }

    static void reply(RoutingContext ctx, CacheError error, String message) {
        reply(ctx, status(error), error.code(), message);
    }

    /** A reply that is not an error of the taxonomy (a miss, for example). */
    static void reply(RoutingContext ctx, int status, String error, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).encode());
    }
}
