package io.ringcache.node.http;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.core.json.JsonObject;
import io.ringcache.node.config.Settings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place cache errors become HTTP statuses; every error body is {"error", "message"}. */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

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

    /**
     * The router's own refusals (no route, wrong method, a body over the limit, a handler's
     * failure) as the same JSON errors; without it Vert.x answers plain text and logs each
     * refusal at ERROR.
     */
    static void routeFailures(Router router, int maxRequestBytes) {
        router.errorHandler(404, ctx -> reply(ctx, 404, "NOT_FOUND",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()
                        + "; the key API is /v1/caches/{cache}/keys/{key}"));
        router.errorHandler(405, ctx -> reply(ctx, 405, "METHOD_NOT_ALLOWED",
                ctx.request().method() + " is not allowed on " + ctx.request().path() + allowed(ctx)));
        router.errorHandler(413, ctx -> reply(ctx, 413, "REQUEST_TOO_LARGE", "the request body is over "
                + Settings.MAX_REQUEST_BYTES.name() + " (" + maxRequestBytes + " bytes)"));
        router.errorHandler(400, ctx -> reply(ctx, CacheError.INVALID_ARGUMENT, "malformed request"));
        router.errorHandler(500, ctx -> {
            LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            reply(ctx, CacheError.INTERNAL, "internal error");
        });
    }

    private static String allowed(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.startsWith("/v1/caches/") && path.contains("/keys/") && path.endsWith("/touch")) {
            return " (touch takes POST)";
        }
        if (path.startsWith("/v1/caches/") && path.contains("/keys/")) {
            return " (keys take GET, PUT and DELETE)";
        }
        return " (this path takes GET)";
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
