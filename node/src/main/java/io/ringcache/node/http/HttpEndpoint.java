package io.ringcache.node.http;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cluster.CacheDeclarations;
import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Settings;
import io.ringcache.node.console.ConsoleRoutes;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.endpoint.Endpoint;
import io.ringcache.node.endpoint.EndpointSpec;
import io.ringcache.node.metrics.ProtocolMetrics;
import io.ringcache.node.net.RequestReadDeadline;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.security.ServerTls;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP server: liveness, readiness and cluster-safety for orchestrators and scripts
 * (200 means yes, 503 no, with a JSON reason), and the key API over JSON. It listens before the
 * member joins ({@link Phase#BEFORE_JOIN}), so liveness answers while the node joins.
 */
public final class HttpEndpoint implements Endpoint {

    /** Its name in the topology's endpoint map. */
    public static final String NAME = "http";

    private final HttpServer server;
    private final NodeReadiness readiness;
    private final ClusterStatus cluster;
    private final Tracing tracing;
    private volatile KeyRoutes keys;
    private volatile ClusterReport report;
    private final EndpointSpec spec;
    private final ConsoleRoutes console;

    /**
     * @param metrics the node's metrics in Prometheus text format, served on {@code GET /metrics}
     * @param tracing continues a caller's trace from each key request's headers
     * @param calls   counts the key API's calls by operation
     */
    public HttpEndpoint(Vertx vertx, NodeConfig config, NodeReadiness readiness, ClusterStatus cluster,
                        Supplier<String> metrics, BearerAuth auth, Tracing tracing, ProtocolMetrics calls) {
        this.tracing = tracing;
        this.spec = new EndpointSpec(NAME, "HTTP", Phase.BEFORE_JOIN, config.bindHost(), config.httpPort(),
                Settings.HTTP_PORT.name());
        this.readiness = readiness;
        this.cluster = cluster;
        // Here, on the thread building the node: the first JSON encoding initialises Jackson, a
        // second of CPU on a loaded host, which would otherwise block the first health probe's event loop.
        new JsonObject().put("status", "UP").encode();
        Router router = Router.router(vertx);
        // The web console's page needs no token; its data is under /v1, behind the gate below.
        this.console = new ConsoleRoutes(vertx, auth.enabled());
        console.mountPage(router);
        router.get("/health/live").handler(ctx -> reply(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/health/cluster-safe").handler(this::clusterSafe);
        // Off the event loop: a scrape reads JVM and Hazelcast statistics.
        router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::get, false).onComplete((text, failure) -> {
            if (failure != null) {
                HttpErrors.reply(ctx, CacheError.INTERNAL, "metrics unavailable");
            } else {
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text);
            }
        }));
        // Everything under /v1 is the data API: token (and client certificate) first.
        router.route("/v1/*").handler(new HttpAuthGate(auth, config.tls().clientCertificatesRequired()));
        router.get("/v1/cluster").handler(ctx -> withKeys(ctx, keys -> vertx.executeBlocking(report::toJson, false)
                .onComplete((json, failure) -> {
                    if (failure != null) {
                        HttpErrors.reply(ctx, CacheError.INTERNAL, "cluster view unavailable");
                    } else {
                        reply(ctx, 200, json);
                    }
                })));
        console.mountData(router);
        router.get("/v1/caches").handler(ctx -> withKeys(ctx, keys -> keys.listCaches(ctx)));
        String keyPath = "/v1/caches/:cache/keys/:key";
        // Counted per protocol as they arrive (the cache operations are counted whatever carried them).
        router.get(keyPath).handler(ctx -> counted(calls, "get", ctx, keys -> keys.get(ctx)));
        router.delete(keyPath).handler(ctx -> counted(calls, "delete", ctx, keys -> keys.delete(ctx)));
        router.post(keyPath + "/touch").handler(ctx -> counted(calls, "touch", ctx, keys -> keys.touch(ctx)));
        // A body of the wrong type is refused before it is read; beyond the request limit, with
        // 413 before it is buffered whole.
        router.put(keyPath).handler(ValueBodyType.gate());
        router.put(keyPath).handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()))
                .handler(ctx -> counted(calls, "put", ctx, keys -> keys.put(ctx)));
        HttpErrors.routeFailures(router, config.maxRequestBytes());
        // Client certificates are only requested here: health checks and scrapers cannot present one.
        this.server = vertx.createHttpServer(ServerTls.apply(new HttpServerOptions()
                        .setHost(config.bindHost())
                        .setPort(config.httpPort())
                        .setIdleTimeout((int) config.idleTimeout().toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS), config.tls(), ClientAuth.REQUEST))
                .requestHandler(new RequestReadDeadline(vertx, config.requestReadTimeout(), request -> false, router));
    }

    @Override
    public EndpointSpec spec() {
        return spec;
    }

    @Override
    public Future<Void> listen() {
        return server.listen().<Void>mapEmpty().recover(error -> Future.failedFuture(spec.cannotListen(error)));
    }

    @Override
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<Void> shutdown(Duration grace) {
        console.close();
        return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<Void> close() {
        console.close();
        return server.close();
    }

    /** Serves the key API from the store and the cluster view; until then those routes answer 503. */
    @Override
    public void attach(Backend backend) {
        this.report = backend.report();
        this.keys = new KeyRoutes(backend.store(), tracing);
        console.attach(backend.report(), backend.topology(), backend.samples());
    }

    private void counted(ProtocolMetrics calls, String operation, RoutingContext ctx, Consumer<KeyRoutes> route) {
        calls.command(operation);
        withKeys(ctx, route);
    }

    private void withKeys(RoutingContext ctx, Consumer<KeyRoutes> route) {
        KeyRoutes current = keys;
        if (current == null) {
            HttpErrors.reply(ctx, CacheError.UNAVAILABLE, "node not ready: " + readiness.reason());
        } else {
            route.accept(current);
        }
    }

    private void ready(RoutingContext ctx) {
        boolean ready = readiness.isReady();
        JsonObject body = new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("phase", readiness.phase().name())
                .put("reason", readiness.reason())
                .put("members", cluster.memberCount());
        int lost = cluster.recentlyLostPartitions();
        if (lost > 0) {
            // Still ready: the node serves, but some keys may be gone; say so where operators look.
            body.put("lostPartitions", lost).put("warning", lost
                    + " partition(s) recently lost all their copies; misses on their keys are flagged possibly_lost");
        }
        List<CacheDeclarations.Mismatch> mismatches = cluster.cacheMismatches();
        if (!mismatches.isEmpty()) {
            // Still ready: the other caches serve; taking every node out would stall a rolling update.
            body.put("cache_mismatch", new JsonArray(mismatches.stream().map(CacheDeclarations.Mismatch::toJson).toList()));
        }
        reply(ctx, ready ? 200 : 503, body);
    }

    private void clusterSafe(RoutingContext ctx) {
        cluster.isClusterSafe().onComplete(result -> {
            if (result.succeeded() && result.result()) {
                reply(ctx, 200, new JsonObject().put("status", "SAFE"));
            } else {
                String reason = result.succeeded()
                        ? "partitions are migrating or their backups are not in sync yet"
                        : result.cause().getMessage();
                reply(ctx, 503, new JsonObject().put("status", "UNSAFE").put("reason", reason));
            }
        });
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(body.encode());
    }
}
