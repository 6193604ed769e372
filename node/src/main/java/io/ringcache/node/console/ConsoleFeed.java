package io.ringcache.node.console;

import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.ClusterSamples;
import io.ringcache.node.cluster.TopologySource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's live feed, as server-sent events: {@code topology} (the cluster report) when
 * the topology changes, {@code stats} (every member's sample) every few seconds. One topology
 * watch, one timer and one fan-out serve every open feed, and only while one is open; the
 * number of feeds is capped. A feed whose connection cannot keep up skips events rather than
 * queueing them.
 */
final class ConsoleFeed {

    static final int MAX_FEEDS = 16;
    static final long STATS_INTERVAL_MS = 3_000;
    /** A migration changes the topology many times a second; the page needs a few frames of it. */
    private static final long TOPOLOGY_COALESCE_MS = 250;

    private final Vertx vertx;
    private final Set<HttpServerResponse> feeds = ConcurrentHashMap.newKeySet();
    private ClusterReport report;
    private TopologySource topology;
    private ClusterSamples samples = ClusterSamples.NONE;
    private Runnable unwatch;
    private long statsTimer = -1;
    private boolean topologyPending;
    private boolean sampling;
    private boolean closed;

    ConsoleFeed(Vertx vertx) {
        this.vertx = vertx;
    }

    synchronized void attach(ClusterReport report, TopologySource topology, ClusterSamples samples) {
        this.report = report;
        this.topology = topology;
        this.samples = samples;
        if (!feeds.isEmpty()) {
            startSources();
        }
    }

    /** Starts a feed on {@code response}; false (nothing written) when the cap is reached or the node stops. */
    synchronized boolean open(HttpServerResponse response) {
        if (closed || feeds.size() >= MAX_FEEDS) {
            return false;
        }
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .write(": ringcache console feed\n\n");
        feeds.add(response);
        response.closeHandler(ignored -> closeFeed(response));
        startSources();
        // The newcomer gets both at once (the others get an extra copy, which is harmless).
        topologyChanged();
        sampleNow();
        return true;
    }

    int openFeeds() {
        return feeds.size();
    }

    /** Ends every feed (a graceful HTTP shutdown would otherwise wait for them) and stops the sources. */
    synchronized void close() {
        closed = true;
        feeds.forEach(HttpServerResponse::end);
        feeds.clear();
        stopSources();
    }

    private synchronized void closeFeed(HttpServerResponse response) {
        feeds.remove(response);
        if (feeds.isEmpty()) {
            stopSources();
        }
    }

    private void startSources() {
        if (topology != null && unwatch == null) {
            unwatch = topology.watch(snapshot -> topologyChanged());
        }
        if (statsTimer < 0) {
            statsTimer = vertx.setPeriodic(STATS_INTERVAL_MS, id -> sampleNow());
        }
    }

    private void stopSources() {
        if (unwatch != null) {
            unwatch.run();
            unwatch = null;
        }
        if (statsTimer >= 0) {
            vertx.cancelTimer(statsTimer);
            statsTimer = -1;
        }
    }

    private synchronized void topologyChanged() {
        if (report == null || topologyPending || feeds.isEmpty()) {
            return;
        }
        topologyPending = true;
        ClusterReport current = report;
        vertx.setTimer(TOPOLOGY_COALESCE_MS, id -> vertx.executeBlocking(current::toJson, false)
                .onComplete((json, failure) -> {
                    synchronized (this) {
                        topologyPending = false;
                    }
                    if (failure == null) {
                        broadcast("topology", json);
                    }
                }));
    }

    private synchronized void sampleNow() {
        if (sampling || feeds.isEmpty()) {
            return;
        }
        sampling = true;
        samples.gather().onComplete((json, failure) -> {
            synchronized (this) {
                sampling = false;
            }
            broadcast("stats", failure == null ? json : new JsonObject().put("error", failure.getMessage()));
        });
    }

    private void broadcast(String event, JsonObject data) {
        String frame = "event: " + event + "\ndata: " + data.encode() + "\n\n";
        for (HttpServerResponse feed : feeds) {
            if (!feed.writeQueueFull()) {
                feed.write(frame).onFailure(gone -> closeFeed(feed));
            }
        }
    }
}
