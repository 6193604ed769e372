package io.ringcache.node.console;

import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.ClusterSamples;
import io.ringcache.node.cluster.TopologySnapshot;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.routing.Slots;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * The web console's routes. The page itself ({@code GET /} and {@code /console/*}) needs no
 * token: it shows only what the health endpoints show until the operator gives one. Its data
 * ({@code /v1/console/*}) sits behind the data API's gate.
 */
public final class ConsoleRoutes {

    /** Scripts and styles only from this node; inline styles are uPlot's. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; frame-ancestors 'none'";

    private final ConsoleAssets assets = new ConsoleAssets(ConsoleRoutes.class.getClassLoader());
    private final ConsoleFeed feed;
    private final boolean tokenRequired;
    private volatile TopologySource topology;
    private volatile ClusterSamples samples = ClusterSamples.NONE;

    /** @param tokenRequired whether the data API wants a bearer token (the page asks for one) */
    public ConsoleRoutes(Vertx vertx, boolean tokenRequired) {
        this.feed = new ConsoleFeed(vertx);
        this.tokenRequired = tokenRequired;
    }

    /** The page, its files and whether it must ask for a token: outside the data API's gate. */
    public void mountPage(Router router) {
        router.get("/console/access").handler(ctx -> json(ctx, 200,
                new JsonObject().put("token_required", tokenRequired)));
        router.get("/").handler(this::asset);
        router.get("/console/*").handler(this::asset);
    }

    /** The page's data, mounted behind the data API's gate. */
    public void mountData(Router router) {
        router.get("/v1/console/events").handler(this::events);
        router.get("/v1/console/stats").handler(this::stats);
        router.get("/v1/console/placement/:key").handler(this::placement);
    }

    /** The node has joined: the feed and the data routes serve from its cluster. */
    public void attach(ClusterReport report, TopologySource topology, ClusterSamples samples) {
        this.topology = topology;
        this.samples = samples;
        feed.attach(report, topology, samples);
    }

    /** Ends the open feeds, so that a graceful shutdown does not wait for them. */
    public void close() {
        feed.close();
    }

    private void asset(RoutingContext ctx) {
        ConsoleAssets.Asset asset = assets.get(ctx.request().path());
        if (asset == null) {
            ctx.next();
            return;
        }
        ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .end(asset.body());
    }

    private void events(RoutingContext ctx) {
        if (!feed.open(ctx.response())) {
            json(ctx, 503, new JsonObject().put("error", "UNAVAILABLE").put("message", "this node already serves "
                    + ConsoleFeed.MAX_FEEDS + " console feeds (or is stopping); close a console tab or open another node's"));
        }
    }

    private void stats(RoutingContext ctx) {
        samples.gather().onComplete((json, failure) -> {
            if (failure != null) {
                json(ctx, 503, new JsonObject().put("error", "UNAVAILABLE").put("message", failure.getMessage()));
            } else {
                json(ctx, 200, json);
            }
        });
    }

    /** The slot of a key and the members holding its copies now. */
    private void placement(RoutingContext ctx) {
        TopologySource current = topology;
        if (current == null) {
            json(ctx, 503, new JsonObject().put("error", "UNAVAILABLE").put("message", "node not ready"));
            return;
        }
        TopologySnapshot snapshot = current.current();
        int slot = Slots.slot(ctx.pathParam("key").getBytes(StandardCharsets.UTF_8));
        JsonArray backups = new JsonArray();
        for (int i = 0; i < snapshot.backupsPerSlot(); i++) {
            int backup = snapshot.slotBackups()[slot * snapshot.backupsPerSlot() + i];
            if (backup >= 0) {
                backups.add(member(snapshot, backup));
            }
        }
        int owner = snapshot.slotOwners()[slot];
        json(ctx, 200, new JsonObject()
                .put("slot", slot)
                .put("owner", owner >= 0 ? member(snapshot, owner) : null)
                .put("backups", backups));
    }

    private static JsonObject member(TopologySnapshot snapshot, int index) {
        TopologySnapshot.MemberEndpoints member = snapshot.members().get(index);
        return new JsonObject().put("id", member.id()).put("http", member.httpAddress()).put("grpc", member.grpcAddress());
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store").end(body.encode());
        }
    }
}
