package io.ringcache.node.testing;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.ClusterSamples;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.cluster.TopologySnapshot;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.console.MemberSampler;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.endpoint.Endpoints;
import io.ringcache.node.grpc.GrpcEndpoint;
import io.ringcache.node.http.ClusterStatus;
import io.ringcache.node.http.HttpEndpoint;
import io.ringcache.node.metrics.MeteredCacheStore;
import io.ringcache.node.metrics.NodeMetrics;
import io.ringcache.node.routing.Router;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gRPC and HTTP endpoints of a node, over an {@link InMemoryCacheStore} instead of a
 * Hazelcast member: for adapter tests, which then start in milliseconds and need no cluster.
 * The store is wrapped as a node wraps its own (admitted, then metered), so statuses and
 * messages are a node's. The cluster is a stub: one member, owning every slot, always safe;
 * {@code GET /v1/cluster} is not served (it needs a member) and answers 500.
 */
public final class AdapterServers {

    private final NodeConfig config;
    private final NodeReadiness readiness = new NodeReadiness();
    private final NodeMetrics metrics = new NodeMetrics();
    private final InMemoryCacheStore memory;
    private final Vertx vertx;
    private final HttpEndpoint http;
    private final GrpcEndpoint grpc;
    private final Endpoints endpoints;
    private final Backend backend;

    private AdapterServers(NodeConfig config) {
        this.config = config;
        this.memory = new InMemoryCacheStore(config.caches().values());
        this.vertx = Vertx.vertx(RingcacheNode.vertxOptions(config));
        Router router = Router.singleNode(TestStores.slotLayout(config.partitionCount()));
        CacheStore store = new MeteredCacheStore(
                TestStores.admitted(memory, config, readiness),
                metrics.requests(config.caches().keySet()), router, Tracing.off());
        BearerAuth auth = new BearerAuth(config.authToken());
        this.http = new HttpEndpoint(vertx, config, readiness, new ClusterStatus() {
            @Override
            public int memberCount() {
                return 1;
            }

            @Override
            public int recentlyLostPartitions() {
                return 0;
            }

            @Override
            public Future<Boolean> isClusterSafe() {
                return Future.succeededFuture(true);
            }
        }, metrics::scrape, auth, Tracing.off(), metrics.protocol(HttpEndpoint.NAME));
        this.grpc = new GrpcEndpoint(vertx, readiness, config, auth, Tracing.off(), metrics.protocol(GrpcEndpoint.NAME));
        this.endpoints = new Endpoints(List.of(http, grpc));
        // The console's figures: this one member's, as a node's fan-out would gather them.
        MemberSampler sampler = new MemberSampler(metrics, readiness,
                new ClusterQuorum(config.quorum(), Duration.ofSeconds(1)), new LostPartitions(config.lostDataWindow(), Duration.ZERO),
                () -> store);
        ClusterSamples samples = () -> vertx.executeBlocking(() -> new JsonObject()
                .put("time_ms", System.currentTimeMillis())
                .put("members", new JsonArray().add(sampler.sample().put("id", "local"))), false);
        this.backend = new Backend(store, new AloneTopology(config), null, InvalidationFeed.NONE, samples);
    }

    /**
     * Starts both endpoints on 127.0.0.1, on free ports, with {@code extraFlags} (node
     * settings such as {@code --max-value-bytes=1024}); returns once they listen and are ready.
     */
    public static AdapterServers start(String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of(
                "--bind-host=127.0.0.1",
                "--advertise-host=127.0.0.1",
                "--grpc-port=" + FreePorts.next(),
                "--http-port=" + FreePorts.next(),
                "--resp-port=" + FreePorts.next(),
                "--shutdown-timeout=20s"));
        flags.addAll(List.of(extraFlags));
        return start(TestNodes.config(flags));
    }

    /** Starts both endpoints as {@code config} says; returns once they listen and are ready. */
    public static AdapterServers start(NodeConfig config) {
        AdapterServers servers = new AdapterServers(config);
        try {
            Awaits.result(servers.endpoints.start(() -> {
                servers.endpoints.attach(servers.backend);
                return Future.succeededFuture(servers.backend);
            }));
        } catch (RuntimeException e) {
            Awaits.result(servers.stop(), 30);
            throw e;
        }
        servers.readiness.markReady();
        return servers;
    }

    /** As a node stops: readiness DOWN, gRPC drained, then HTTP and Vert.x closed. */
    public Future<Void> stop() {
        readiness.markDraining();
        Promise<Void> stopped = Promise.promise();
        endpoints.stop(config.shutdownTimeout(), Future::succeededFuture)
                .onComplete(ignored -> {
                    metrics.close();
                    readiness.markStopped();
                    // From a thread of its own: a future bound to one of its event loops could not deliver after.
                    new Thread(() -> vertx.close().onComplete(closed -> stopped.complete()),
                            "adapter-servers-close").start();
                });
        return stopped.future();
    }

    public int grpcPort() {
        return grpc.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public NodeConfig config() {
        return config;
    }

    /** The store under the endpoints, for tests that look at or seed the data directly. */
    public InMemoryCacheStore memory() {
        return memory;
    }

    /** The readiness the endpoints report and admit by; tests may mark it draining. */
    public NodeReadiness readiness() {
        return readiness;
    }

    /** A node alone: it owns every slot and its topology never changes. */
    private static final class AloneTopology implements TopologySource {

        private final TopologySnapshot snapshot;

        AloneTopology(NodeConfig config) {
            String advertised = config.advertiseHost();
            String host = advertised == null || advertised.isBlank() ? config.bindHost() : advertised;
            int partitions = config.partitionCount();
            String grpc = host + ":" + config.grpcPort();
            String http = host + ":" + config.httpPort();
            snapshot = new TopologySnapshot(1, List.of(new TopologySnapshot.MemberEndpoints("local", grpc, http,
                    Map.of(GrpcEndpoint.NAME, grpc, HttpEndpoint.NAME, http))), 0, new int[Slots.COUNT], 0,
                    new int[0], new int[] {partitions}, new int[] {0},
                    List.of(new TopologySnapshot.SlotRange(0, Slots.COUNT - 1, 0, new int[0])));
        }

        @Override
        public TopologySnapshot current() {
            return snapshot;
        }

        @Override
        public Runnable watch(Consumer<TopologySnapshot> watcher) {
            return () -> { }; // nothing ever changes
        }
    }
}
