package io.ringcache.node.http;

import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP server: liveness, readiness and cluster-safety for orchestrators and scripts.
 * Every answer is a small JSON object; 200 means yes, 503 means no, with a reason.
 */
public final class HttpEndpoint {

    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private final HttpServer server;
    private final NodeReadiness readiness;
    private final ClusterStatus cluster;
    private final String host;
    private final int port;

    public HttpEndpoint(Vertx vertx, NodeConfig config, NodeReadiness readiness, ClusterStatus cluster) {
        this.host = config.bindHost();
        this.port = config.httpPort();
        this.readiness = readiness;
        this.cluster = cluster;
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> reply(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/health/cluster-safe").handler(this::clusterSafe);
        this.server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.bindHost())
                        .setPort(config.httpPort())
                        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                        .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .requestHandler(router);
    }

    public Future<Void> listen() {
        return server.listen().<Void>mapEmpty().recover(error -> Future.failedFuture(new IllegalStateException(
                "cannot listen for HTTP on " + host + ":" + port + " (http-port): " + error.getMessage(), error)));
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }

    private void ready(RoutingContext ctx) {
        NodeReadiness.Phase phase = readiness.phase();
        boolean ready = phase == NodeReadiness.Phase.READY;
        reply(ctx, ready ? 200 : 503, new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("phase", phase.name())
                .put("reason", phase.reason())
                .put("members", cluster.memberCount()));
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
