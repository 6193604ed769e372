package io.ringcache.node.grpc;

import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Settings;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.endpoint.Endpoint;
import io.ringcache.node.endpoint.EndpointSpec;
import io.ringcache.node.metrics.ProtocolMetrics;
import io.ringcache.node.net.FlushCoalescing;
import io.ringcache.node.net.OwnLoopListeners;
import io.ringcache.node.net.RequestReadDeadline;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.security.ServerTls;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server: HTTP/2 listeners carrying {@link GrpcCacheService}, one per event loop it
 * serves on. A Vert.x server runs on the one event loop it was started from; several servers on
 * one port share its connections, round-robin, so the node's CPU cores all serve clients.
 * It listens from the node's start ({@link Phase#BEFORE_JOIN_DRAINED}), answering UNAVAILABLE
 * with the reason until the store exists.
 */
public final class GrpcEndpoint implements Endpoint {

    /** Its name in the topology's endpoint map. */
    public static final String NAME = "grpc";

    private final Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final GrpcServer grpc;
    private final NodeReadiness readiness;
    private final Tracing tracing;
    private final EndpointSpec spec;
    private final GrpcStartGate gate;
    private volatile GrpcCacheService service;

    /** @param calls counts the cache service's calls by method */
    public GrpcEndpoint(Vertx vertx, NodeReadiness readiness, NodeConfig config, BearerAuth auth, Tracing tracing,
                        ProtocolMetrics calls) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.tracing = tracing;
        this.spec = new EndpointSpec(NAME, "gRPC", Phase.BEFORE_JOIN_DRAINED, config.bindHost(), config.grpcPort(),
                Settings.GRPC_PORT.name());
        this.grpc = GrpcServer.server(vertx, new GrpcServerOptions()
                // Cancel a call whose client deadline has passed, answering DEADLINE_EXCEEDED.
                .setScheduleDeadlineAutomatically(true)
                .setMaxMessageSize(config.maxRequestBytes()));
        HttpServerOptions options = ServerTls.apply(new HttpServerOptions()
                .setHost(config.bindHost())
                .setPort(config.grpcPort())
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS), config.tls(), ClientAuth.REQUIRED);
        this.gate = new GrpcStartGate(readiness, auth.enabled() ? new GrpcAuthGate(auth, grpc) : grpc);
        RequestReadDeadline requests = new RequestReadDeadline(vertx, config.requestReadTimeout(),
                GrpcEndpoint::clientStreaming, new GrpcCallCounter(calls, gate));
        for (int i = 0; i < config.grpcEventLoops(); i++) {
            servers.add(vertx.createHttpServer(options).requestHandler(requests)
                    .connectionHandler(FlushCoalescing::install));
        }
    }

    @Override
    public EndpointSpec spec() {
        return spec;
    }

    /** Adds the services, then lets calls through to them. */
    @Override
    public void attach(Backend backend) {
        service = new GrpcCacheService(backend.store(), backend.topology(), backend.invalidations(), tracing);
        grpc.addService(service);
        grpc.addService(new GrpcHealth(vertx, readiness));
        // Server reflection, so grpcurl-style tools work without the .proto at hand.
        grpc.addService(ReflectionService.v1());
        gate.open();
    }

    /** Calls whose client sends messages for as long as it likes: Pipeline, WatchInvalidations and reflection. */
    private static boolean clientStreaming(HttpServerRequest request) {
        String path = request.path();
        return path.endsWith("/Pipeline") || path.endsWith("/WatchInvalidations")
                || path.startsWith("/grpc.reflection.");
    }

    /** Starts every listener, each from an event-loop context of its own. */
    @Override
    public Future<Void> listen() {
        return OwnLoopListeners.listen(vertx, servers, HttpServer::listen)
                .recover(error -> Future.failedFuture(spec.cannotListen(error)));
    }

    @Override
    public int actualPort() {
        return servers.get(0).actualPort();
    }

    /**
     * Ends open watches, stops accepting, lets in-flight calls finish for up to {@code grace},
     * then closes.
     */
    @Override
    public Future<Void> shutdown(Duration grace) {
        GrpcCacheService attached = service;
        if (attached != null) {
            attached.closeStreams();
        }
        return Future.all(servers.stream().map(server -> server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS))
                .toList()).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }
}
