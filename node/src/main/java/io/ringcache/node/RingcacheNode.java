package io.ringcache.node;

import com.hazelcast.config.Config;
import io.ringcache.node.cache.AdmittingCacheStore;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cache.RequestLimits;
import io.ringcache.node.cluster.CacheAgreement;
import io.ringcache.node.cluster.CacheDeclarations;
import io.ringcache.node.cluster.ClusterMember;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.ClusterReport;
import io.ringcache.node.cluster.CoordinatorHearing;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.MemberConfigFactory;
import io.ringcache.node.cluster.MemberSamples;
import io.ringcache.node.cluster.MigrationCounts;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.cluster.PartitionTables;
import io.ringcache.node.cluster.PauseGuard;
import io.ringcache.node.cluster.SampleSerialization;
import io.ringcache.node.cluster.SilentOwners;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.cluster.TopologyView;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.config.JoinSpec;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Settings;
import io.ringcache.node.console.MemberSampler;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.endpoint.Endpoint;
import io.ringcache.node.endpoint.EndpointSpec;
import io.ringcache.node.endpoint.Endpoints;
import io.ringcache.node.grpc.GrpcEndpoint;
import io.ringcache.node.http.ClusterStatus;
import io.ringcache.node.http.HttpEndpoint;
import io.ringcache.node.metrics.MeteredCacheStore;
import io.ringcache.node.metrics.NodeMetrics;
import io.ringcache.node.resp.RespEndpoint;
import io.ringcache.node.routing.Router;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.store.HazelcastCacheStore;
import io.ringcache.node.store.HeapGuard;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One ringcache node: wires config, the Hazelcast member, the store and the servers, and
 * owns their start-up and shutdown order. {@link Main} runs one per process; tests run
 * several per JVM, each with its own Vert.x and Hazelcast.
 *
 * <p>Start: gRPC, HTTP and RESP listen first (liveness answers while joining; gRPC calls get
 * UNAVAILABLE and RESP commands LOADING, with the reason), then the member joins and the
 * endpoints get the store, then the node turns ready. Stop: readiness turns DOWN and new calls
 * get UNAVAILABLE, in-flight calls finish, the member hands its partitions off, then the
 * servers and Vert.x close. The servers are a list of {@link io.ringcache.node.endpoint.Endpoint}s
 * run in that order by {@link Endpoints}; a new protocol is one more entry in the list.
 *
 * <p>Futures that complete after Vert.x has closed are completed from a thread of their
 * own, never bound to one of its event loops (which would drop them).
 */
public final class RingcacheNode {

    private static final Logger LOG = LoggerFactory.getLogger(RingcacheNode.class);
    private static final long TOPOLOGY_RECHECK_MS = 1000;
    /** How long the web console waits for each member's counters. */
    private static final Duration CONSOLE_SAMPLE_DEADLINE = Duration.ofSeconds(2);

    private final NodeConfig config;
    private final NodeReadiness readiness = new NodeReadiness();
    private final ClusterQuorum quorum;
    private final LostPartitions lostPartitions;
    private final PauseGuard pauseGuard;
    private final HeapGuard heapGuard;
    private final CacheAgreement cacheAgreement = new CacheAgreement();
    private final NodeMetrics metrics = new NodeMetrics();
    private final MemberSampler consoleSampler;
    private final BearerAuth auth;
    private final Tracing tracing;
    private final Vertx vertx;
    private final Endpoints endpoints;
    private final Consumer<RingcacheNode> onMemberLost;
    private final AtomicBoolean startCalled = new AtomicBoolean();
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private final Promise<Void> started = Promise.promise();
    private volatile ClusterMember member;
    private volatile TopologyView topology;
    private volatile ClusterReport report;
    private volatile CacheStore store;
    private volatile InvalidationFeed invalidations = InvalidationFeed.NONE;
    private volatile CrashedCopies crashedCopies;
    /** Set by the first close of Vert.x; later ones wait for it. */
    private final AtomicReference<Future<Void>> vertxClosing = new AtomicReference<>();
    private Future<Void> stopped;

    /** A node for tests and embedding: no tracing; nothing happens if its member is lost. */
    public RingcacheNode(NodeConfig config) {
        this(config, Tracing.off(), node -> { });
    }

    /**
     * @param tracing      where request spans go, if anywhere; the caller closes it after the node stops
     * @param onMemberLost called once if the embedded member shuts down without being asked
     *                     to (the node can serve nothing after that)
     */
    public RingcacheNode(NodeConfig config, Tracing tracing, Consumer<RingcacheNode> onMemberLost) {
        this.config = config;
        this.tracing = tracing;
        this.onMemberLost = onMemberLost;
        // Members count for the quorum only while they are not silent: from the moment a node
        // would read a silent owner's keys from its own backups, a node on the smaller side of a
        // split has already stopped serving, so it never answers from a copy the larger side
        // has moved past.
        this.quorum = new ClusterQuorum(config.quorum(), SilentOwners.silenceFor(config.memberTimeout()));
        this.lostPartitions = new LostPartitions(config.lostDataWindow(), config.caches().values().stream()
                .map(CacheSettings::lostPartitionFence).max(Duration::compareTo).orElse(Duration.ZERO));
        this.pauseGuard = new PauseGuard(config.memberTimeout());
        this.heapGuard = new HeapGuard(config.heapWriteLimit());
        this.auth = new BearerAuth(config.authToken());
        this.consoleSampler = new MemberSampler(metrics, readiness, quorum, lostPartitions, () -> store);
        readiness.blockWhile(quorum::problem);
        readiness.blockWhile(pauseGuard::problem);
        VertxOptions vertxOptions = vertxOptions(config);
        int eventLoops = vertxOptions.getEventLoopPoolSize();
        this.vertx = Vertx.vertx(vertxOptions);
        HttpEndpoint http = new HttpEndpoint(vertx, config, readiness, new ClusterStatus() {
            @Override
            public int memberCount() {
                return RingcacheNode.this.memberCount();
            }

            @Override
            public int recentlyLostPartitions() {
                return lostPartitions.recentCount();
            }

            @Override
            public Future<Boolean> isClusterSafe() {
                return checkClusterSafe();
            }

            @Override
            public List<CacheDeclarations.Mismatch> cacheMismatches() {
                return cacheAgreement.mismatches();
            }
        }, metrics::scrape, auth, tracing, metrics.protocol(HttpEndpoint.NAME));
        // In the order the ready log line names them; each endpoint's phase says when it listens.
        List<Endpoint> served = new ArrayList<>(List.of(new GrpcEndpoint(vertx, readiness, config, auth, tracing,
                metrics.protocol(GrpcEndpoint.NAME)), http));
        if (config.resp().enabled()) {
            served.add(new RespEndpoint(vertx, config, readiness, auth, metrics.protocol(RespEndpoint.NAME)));
        }
        this.endpoints = new Endpoints(served);
        metrics.bindCluster(this::memberCount, quorum, readiness, lostPartitions);
        metrics.bindProcess(vertx, eventLoops);
    }

    /** The Vert.x a node with {@code config} runs on (tests that serve its endpoints without a node use it too). */
    public static VertxOptions vertxOptions(NodeConfig config) {
        return new VertxOptions()
                // A blocked event loop's warning carries its stack from the first one (Vert.x waits 5 s).
                .setWarningExceptionTime(VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME)
                .setWarningExceptionTimeUnit(VertxOptions.DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_UNIT)
                .setEventLoopPoolSize(Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE,
                        Math.max(config.grpcEventLoops(), config.resp().eventLoops())))
                // No file cache: the container's root filesystem is read-only.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false));
    }

    /**
     * Starts the node; completes once it is ready, or fails once everything it started is
     * released again. Calling it again returns the same future.
     */
    public Future<Void> start() {
        if (!startCalled.compareAndSet(false, true)) {
            return started.future();
        }
        endpoints.start(() -> vertx.executeBlocking(() -> {
                    ClusterMember joined = joinCluster();
                    SlotLayout layout = SlotPartitions.layoutOf(joined.hazelcast());
                    Duration silence = SilentOwners.silenceFor(config.memberTimeout());
                    Router router = new Router(new PartitionTables(joined.hazelcast(), layout),
                            new SilentOwners(quorum.hearing(), silence));
                    crashedCopies = CrashedCopies.following(joined.hazelcast(), quorum, config.caches().values(),
                            lostPartitions, silence);
                    HazelcastCacheStore hazelcastStore = new HazelcastCacheStore(vertx, joined.hazelcast(), config,
                            router, lostPartitions, crashedCopies, silence, quorum::ownerLeaseHeld,
                            new CoordinatorHearing(joined.hazelcast(), quorum.hearing(), silence));
                    invalidations = hazelcastStore.invalidations();
                    CacheStore store = new MeteredCacheStore(
                            new AdmittingCacheStore(hazelcastStore, readiness, RequestLimits.of(config),
                                    config.caches().keySet()),
                            metrics.requests(config.caches().keySet()), router, tracing);
                    MigrationCounts migrations = MigrationCounts.following(joined.hazelcast());
                    metrics.bindPartitions(() -> router.table().ownedPartitions(), migrations);
                    metrics.bindCaches(config.caches().keySet(), store::describeCaches);
                    topology = new TopologyView(vertx, joined.hazelcast(), layout, config.backups());
                    report = new ClusterReport(config.clusterName(), topology, migrations, cacheAgreement);
                    this.store = store;
                    Backend backend = new Backend(store, topology, report, invalidations,
                            new MemberSamples(vertx, joined.hazelcast(), CONSOLE_SAMPLE_DEADLINE));
                    // Here, not on an event loop: the endpoints build their services (protobuf
                    // descriptors, the RESP command table), seconds of CPU on a loaded host.
                    endpoints.attach(backend);
                    return backend;
                }).map(backend -> {
                    // A safety net under the membership and migration events that refresh the topology.
                    vertx.setPeriodic(TOPOLOGY_RECHECK_MS, id -> topology.refresh());
                    return backend;
                }))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        readiness.markReady();
                        LOG.info("ringcache node ready: {}, {} member(s)", endpoints.describe(), member.memberCount());
                        started.tryComplete();
                    } else {
                        LOG.error("ringcache node failed to start: {}", result.cause().getMessage());
                        releaseAfterFailedStart().onComplete(ignored -> started.tryFail(result.cause()));
                    }
                });
        return started.future();
    }

    private ClusterMember joinCluster() {
        Config memberConfig = MemberConfigFactory.create(config, endpoints.configuredPorts());
        quorum.configure(memberConfig);
        HazelcastCacheStore.configureMember(memberConfig, config);
        heapGuard.install(memberConfig.getUserContext());
        SampleSerialization.configureMember(memberConfig, consoleSampler);
        if (config.join().mode() == JoinSpec.Mode.ALONE) {
            LOG.info("Single node: no --join given, so this node forms a cluster of its own");
        }
        ClusterMember joined;
        try {
            joined = ClusterMember.start(memberConfig, readiness, quorum, this::memberShutDown);
        } catch (RuntimeException e) {
            throw memberPortTaken(e);
        }
        member = joined;
        cacheAgreement.follow(joined.hazelcast());
        // terminate() may have run while we joined and found no member to stop.
        if (shutdownRequested.get()) {
            joined.terminate();
            throw new IllegalStateException("the node was stopped while joining");
        }
        return joined;
    }

    /** A member port in use fails the start with the one line an endpoint's port in use gets. */
    private RuntimeException memberPortTaken(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return EndpointSpec.cannotListen("Hazelcast members", config.bindHost(), config.hazelcastPort(),
                        Settings.HAZELCAST_PORT.name(), bind);
            }
        }
        return failure;
    }

    private void memberShutDown() {
        if (!shutdownRequested.get()) {
            LOG.error("The embedded cluster member shut down unexpectedly; this node can serve nothing");
            onMemberLost.accept(this);
        }
    }

    private Future<Void> releaseAfterFailedStart() {
        readiness.markStopped();
        shutdownRequested.set(true);
        Promise<Void> released = Promise.promise();
        endpoints.release(() -> vertx.executeBlocking(() -> {
                    // Gracefully: partitions may already have migrated to this member.
                    leaveCluster();
                    return null;
                }))
                .onComplete(ignored -> closeVertx().onComplete(closed -> released.complete()));
        return released.future();
    }

    /**
     * Graceful shutdown, idempotent: drain, hand partitions off, close. Waits for a start in
     * progress to finish first, so the two never interleave; fails if the start failed.
     */
    public synchronized Future<Void> stop() {
        if (stopped == null) {
            if (startCalled.compareAndSet(false, true)) {
                started.tryFail("stopped before it was started");
                shutdownRequested.set(true);
                stopped = closeVertx();
            } else {
                stopped = started.future().compose(ignored -> drainAndLeave());
            }
        }
        return stopped;
    }

    private Future<Void> drainAndLeave() {
        if (!shutdownRequested.compareAndSet(false, true)) {
            return Future.succeededFuture(); // terminated meanwhile
        }
        readiness.markDraining();
        LOG.info("Shutting down: readiness DOWN, draining in-flight requests (up to {} ms)",
                config.shutdownTimeout().toMillis());
        Promise<Void> done = Promise.promise();
        endpoints.stop(config.shutdownTimeout(), () -> vertx.executeBlocking(() -> {
                    leaveCluster();
                    return null;
                }))
                .onComplete(result -> closeVertx().onComplete(closed -> {
                    readiness.markStopped();
                    if (result.succeeded()) {
                        LOG.info("Shutdown complete");
                        done.complete();
                    } else {
                        LOG.error("Shutdown failed: {}", result.cause().toString());
                        done.fail(result.cause());
                    }
                }));
        return done.future();
    }

    private void leaveCluster() {
        ClusterMember current = member;
        if (current != null && current.isRunning()) {
            // If a node left just before us, its data may still have only one copy: wait for the
            // re-replication to finish, so stopping nodes one after another loses nothing.
            if (current.memberCount() > 1 && !current.awaitClusterSafe(config.shutdownTimeout())) {
                LOG.warn("Shutting down: the cluster did not become safe within {} ms; leaving anyway",
                        config.shutdownTimeout().toMillis());
            }
            LOG.info("Shutting down: handing partitions off to the other members");
            current.shutdownGracefully();
        }
    }

    /** Stops at once as a crash would: no drain, no hand-off. For tests of failure handling. */
    public Future<Void> terminate() {
        shutdownRequested.set(true);
        readiness.markStopped();
        ClusterMember current = member;
        if (current != null) {
            current.terminate();
        }
        Future<Void> alreadyClosing = vertxClosing.get();
        if (alreadyClosing != null) {
            // A failed start or a stop got there first: nothing is left to end.
            return alreadyClosing.onComplete(ignored -> started.tryFail("terminated"));
        }
        // As a crash would: streams and connections end now. Closing Vert.x alone left calls whose
        // member had just stopped waiting for their deadline.
        Future<Void> ended;
        try {
            ended = endpoints.stop(Duration.ZERO, Future::succeededFuture);
        } catch (RuntimeException closedMeanwhile) {
            ended = Future.succeededFuture();
        }
        return ended.transform(ignored -> closeVertx())
                .onComplete(ignored -> started.tryFail("terminated"));
    }

    /**
     * Closes Vert.x from a thread of its own and completes on the thread that finishes the
     * close: a future bound to one of Vert.x's event loops could not deliver after it.
     */
    private Future<Void> closeVertx() {
        Promise<Void> closed = Promise.promise();
        if (!vertxClosing.compareAndSet(null, closed.future())) {
            return vertxClosing.get();
        }
        pauseGuard.close();
        heapGuard.close();
        CrashedCopies crashed = crashedCopies;
        if (crashed != null) {
            crashed.close();
        }
        metrics.close();
        Thread closer = new Thread(() -> vertx.close().onComplete(result -> closed.complete()),
                "ringcache-vertx-close");
        closer.start();
        return closed.future();
    }


    private int memberCount() {
        ClusterMember current = member;
        return current == null || !current.isRunning() ? 0 : current.memberCount();
    }

    private Future<Boolean> checkClusterSafe() {
        ClusterMember current = member;
        if (current == null) {
            return Future.failedFuture("the node has not joined its cluster yet");
        }
        return vertx.executeBlocking(current::isClusterSafe, false);
    }

    public NodeConfig config() {
        return config;
    }

    public NodeReadiness readiness() {
        return readiness;
    }

    /** The embedded member; null until the node has joined. */
    public ClusterMember member() {
        return member;
    }

    /**
     * The cache operations as this node's protocols call them: admitted (readiness, limits,
     * known caches) and metered. For tests and embedding; null until the node has joined.
     */
    public CacheStore store() {
        return store;
    }

    /**
     * The invalidations of the partitions this member owns (WatchInvalidations streams use it).
     * For tests (its {@link InvalidationFeed#dropNext} hook); {@code NONE} until the node has joined.
     */
    public InvalidationFeed invalidations() {
        return invalidations;
    }

    public int grpcPort() {
        return port(GrpcEndpoint.NAME);
    }

    public int httpPort() {
        return port(HttpEndpoint.NAME);
    }

    /** The RESP port; fails when the node was configured with {@code resp-port=off}. */
    public int respPort() {
        return port(RespEndpoint.NAME);
    }

    /** The port the endpoint named {@code endpoint} ({@code grpc}, {@code http}, ...) listens on. */
    public int port(String endpoint) {
        return endpoints.actualPort(endpoint);
    }
}
