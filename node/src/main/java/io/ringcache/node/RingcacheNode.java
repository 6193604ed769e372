package io.ringcache.node;

import com.hazelcast.config.Config;
import io.ringcache.node.cluster.ClusterMember;
import io.ringcache.node.cluster.MemberConfigFactory;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.grpc.GrpcEndpoint;
import io.ringcache.node.http.ClusterStatus;
import io.ringcache.node.http.HttpEndpoint;
import io.ringcache.node.store.HazelcastCacheStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ringcache node: wires config, the Hazelcast member, the store and the servers, and
 * owns their start-up and shutdown order. {@link Main} runs one per process; tests run
 * several per JVM, each with its own Vert.x and Hazelcast.
 *
 * <p>Start: HTTP listens first (liveness answers while joining), then the member joins,
 * then gRPC listens, then the node turns ready. Stop: readiness turns DOWN and new calls
 * get UNAVAILABLE, in-flight calls finish, the member hands its partitions off, then the
 * servers and Vert.x close.
 */
public final class RingcacheNode {

    private static final Logger LOG = LoggerFactory.getLogger(RingcacheNode.class);

    private final NodeConfig config;
    private final NodeReadiness readiness = new NodeReadiness();
    private final Vertx vertx;
    private final HttpEndpoint http;
    private final Promise<Void> started = Promise.promise();
    private volatile ClusterMember member;
    private volatile GrpcEndpoint grpc;
    private Future<Void> stopped;

    public RingcacheNode(NodeConfig config) {
        this.config = config;
        this.vertx = Vertx.vertx(new VertxOptions()
                // No file cache: the container's root filesystem is read-only.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.http = new HttpEndpoint(vertx, config, readiness, new ClusterStatus() {
            @Override
            public int memberCount() {
                ClusterMember current = member;
                return current == null || !current.isRunning() ? 0 : current.memberCount();
            }

            @Override
            public Future<Boolean> isClusterSafe() {
                return checkClusterSafe();
            }
        });
    }

    /** Starts the node; completes once it is ready, or fails (and cleans up) if it cannot start. */
    public Future<Void> start() {
        http.listen()
                .compose(ignored -> vertx.executeBlocking(this::joinCluster))
                .compose(joined -> {
                    member = joined;
                    HazelcastCacheStore store = new HazelcastCacheStore(vertx, joined.hazelcast(), readiness, config);
                    grpc = new GrpcEndpoint(vertx, store, config);
                    return grpc.listen();
                })
                .onSuccess(ignored -> {
                    readiness.markReady();
                    LOG.info("ringcache node ready: gRPC on {}:{}, HTTP on {}:{}, {} member(s)", config.bindHost(),
                            grpc.actualPort(), config.bindHost(), http.actualPort(), member.memberCount());
                })
                .onFailure(error -> {
                    LOG.error("ringcache node failed to start: {}", error.getMessage());
                    abandon();
                })
                .onComplete(started);
        return started.future();
    }

    private ClusterMember joinCluster() {
        Config memberConfig = MemberConfigFactory.create(config);
        HazelcastCacheStore.configureMember(memberConfig, config);
        return ClusterMember.start(memberConfig, readiness);
    }

    /**
     * Graceful shutdown, idempotent: drain, hand partitions off, close. Waits for a start in
     * progress to finish first, so the two never interleave.
     */
    public synchronized Future<Void> stop() {
        if (stopped == null) {
            stopped = started.future().transform(ignored -> drainAndLeave());
        }
        return stopped;
    }

    private Future<Void> drainAndLeave() {
        if (!readiness.markDraining()) {
            return Future.succeededFuture();
        }
        LOG.info("Shutting down: readiness DOWN, draining in-flight requests (up to {} ms)",
                config.shutdownTimeout().toMillis());
        Future<Void> drained = grpc == null ? Future.succeededFuture() : grpc.shutdown(config.shutdownTimeout());
        Promise<Void> done = Promise.promise();
        drained
                .eventually(() -> vertx.executeBlocking(() -> {
                    if (member != null && member.isRunning()) {
                        LOG.info("Shutting down: handing partitions off to the other members");
                        member.shutdownGracefully();
                    }
                    return null;
                }))
                .eventually(http::close)
                .onComplete(ignored -> closeVertx().onComplete(closed -> {
                    readiness.markStopped();
                    LOG.info("Shutdown complete");
                    done.complete();
                }));
        return done.future();
    }

    /**
     * Closes Vert.x from a thread of its own and completes on the thread that finishes the
     * close: a future bound to one of Vert.x's event loops could not deliver after it.
     */
    private Future<Void> closeVertx() {
        Promise<Void> closed = Promise.promise();
        Thread closer = new Thread(() -> vertx.close().onComplete(result -> closed.complete()),
                "ringcache-vertx-close");
        closer.start();
        return closed.future();
    }

    /** Stops at once as a crash would: no drain, no hand-off. For tests of failure handling. */
    public Future<Void> terminate() {
        readiness.markStopped();
        ClusterMember current = member;
        if (current != null) {
            current.terminate();
        }
        return closeVertx();
    }

    private void abandon() {
        readiness.markStopped();
        ClusterMember current = member;
        vertx.executeBlocking(() -> {
            if (current != null) {
                current.terminate();
            }
            return null;
        }).onComplete(ignored -> closeVertx());
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

    public int grpcPort() {
        return grpc.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }
}
