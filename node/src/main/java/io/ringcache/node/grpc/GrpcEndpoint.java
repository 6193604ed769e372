package io.ringcache.node.grpc;

import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.net.FlushCoalescing;
import io.ringcache.node.net.RequestReadDeadline;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.security.ServerTls;
import io.ringcache.node.store.CacheStore;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The gRPC server: an HTTP/2 listener carrying {@link GrpcCacheService}. */
public final class GrpcEndpoint {


    private final HttpServer server;
    private final GrpcCacheService service;
    private final String host;
    private final int port;

    public GrpcEndpoint(Vertx vertx, CacheStore store, TopologySource topology, NodeReadiness readiness,
                        NodeConfig config, BearerAuth auth, Tracing tracing) {
        this.host = config.bindHost();
        this.port = config.grpcPort();
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
                // Cancel a call whose client deadline has passed, answering DEADLINE_EXCEEDED.
                .setScheduleDeadlineAutomatically(true)
                .setMaxMessageSize(config.maxRequestBytes()));
        this.service = new GrpcCacheService(store, topology, tracing);
        grpc.addService(service);
        grpc.addService(new GrpcHealth(vertx, readiness));
        // Server reflection, so grpcurl-style tools work without the .proto at hand.
        grpc.addService(ReflectionService.v1());
        this.server = vertx.createHttpServer(ServerTls.apply(new HttpServerOptions()
                        .setHost(config.bindHost())
                        .setPort(config.grpcPort())
                        .setIdleTimeout((int) config.idleTimeout().toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS), config.tls(), ClientAuth.REQUIRED))
                .requestHandler(new RequestReadDeadline(vertx, config.requestReadTimeout(),
                        GrpcEndpoint::clientStreaming, auth.enabled() ? new GrpcAuthGate(auth, grpc) : grpc))
                .connectionHandler(FlushCoalescing::install);
    }

    /** Calls whose client sends messages for as long as it likes: Pipeline and reflection. */
    private static boolean clientStreaming(HttpServerRequest request) {
        String path = request.path();
        return path.endsWith("/Pipeline") || path.startsWith("/grpc.reflection.");
    }

    public Future<Void> listen() {
        return server.listen().<Void>mapEmpty().recover(error -> Future.failedFuture(new IllegalStateException(
                "cannot listen for gRPC on " + host + ":" + port + " (grpc-port): " + error.getMessage(), error)));
    }

    public int actualPort() {
        return server.actualPort();
    }

    /**
     * Ends open watches, stops accepting, lets in-flight calls finish for up to {@code grace},
     * then closes.
     */
    public Future<Void> shutdown(Duration grace) {
        service.closeStreams();
        return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
