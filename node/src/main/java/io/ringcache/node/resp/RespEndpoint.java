package io.ringcache.node.resp;

import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Settings;
import io.ringcache.node.endpoint.Backend;
import io.ringcache.node.endpoint.Endpoint;
import io.ringcache.node.endpoint.EndpointSpec;
import io.ringcache.node.metrics.ProtocolMetrics;
import io.ringcache.node.net.OwnLoopListeners;
import io.ringcache.node.security.BearerAuth;
import io.ringcache.node.security.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis protocol endpoint: RESP2 and RESP3 on {@code resp-port}, served by the same
 * operation layer (admission, metering, tracing) as gRPC and HTTP. Listens from the node's start
 * ({@link Phase#BEFORE_JOIN_DRAINED}); until the store exists every command answers
 * {@code -LOADING} with the reason, as Redis does while it loads its data.
 */
public final class RespEndpoint implements Endpoint {

    /** Its name in the topology's endpoint map. */
    public static final String NAME = "resp";

    private final Vertx vertx;
    private final NodeConfig config;
    private final EndpointSpec spec;
    private final List<NetServer> servers = new ArrayList<>();
    private final NodeReadiness readiness;
    private final BearerAuth auth;
    private final ProtocolMetrics metrics;
    private final Redirects redirects;
    private final Set<RespConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong clientIds = new AtomicLong();
    private final long readTimeoutNanos;
    private volatile RespDispatcher dispatcher;
    private volatile RespServerState state;
    private long deadlineTimer = -1;

    public RespEndpoint(Vertx vertx, NodeConfig config, NodeReadiness readiness, BearerAuth auth,
                        ProtocolMetrics metrics) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.config = config;
        this.auth = auth;
        this.metrics = metrics;
        this.spec = new EndpointSpec(NAME, "RESP", Phase.BEFORE_JOIN_DRAINED, config.bindHost(), config.resp().port(),
                Settings.RESP_PORT.name());
        this.redirects = new Redirects(config.resp().redirect() == io.ringcache.node.config.RespSettings.Redirect.MOVED);
        this.readTimeoutNanos = config.requestReadTimeout().toNanos();
        NetServerOptions options = new NetServerOptions()
                .setHost(config.bindHost())
                .setPort(config.resp().port())
                .setTcpNoDelay(true)
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        // A client certificate, when a client CA is set, is required as for gRPC: RESP has no health checks.
        ServerTls.apply(options, config.tls(), ClientAuth.REQUIRED, false);
        // One listener per event loop, as for gRPC: a single server would put every connection on
        // the one event loop it was created on (measured: GET -P 16 at 2 loops is 1.4x one).
        for (int i = 0; i < config.resp().eventLoops(); i++) {
            servers.add(vertx.createNetServer(options).connectHandler(this::connected));
        }
        metrics.connections(connections::size);
    }

    @Override
    public EndpointSpec spec() {
        return spec;
    }

    @Override
    public void attach(Backend backend) {
        redirects.attach(backend.topology());
        this.state = new RespServerState(config, backend, connections, auth);
        this.dispatcher = new RespDispatcher(RespCommands.table(state), auth.enabled(), redirects, metrics);
    }

    @Override
    public Future<Void> listen() {
        long period = Math.max(100, Math.min(1000, config.requestReadTimeout().toMillis() / 2));
        deadlineTimer = vertx.setPeriodic(period, id -> closeLateCommands());
        return OwnLoopListeners.listen(vertx, servers, NetServer::listen)
                .recover(error -> Future.failedFuture(spec.cannotListen(error)));
    }

    @Override
    public int actualPort() {
        return servers.get(0).actualPort();
    }

    @Override
    public Future<Void> shutdown(Duration grace) {
        vertx.cancelTimer(deadlineTimer);
        return Future.all(servers.stream().map(server -> server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS))
                .toList()).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        vertx.cancelTimer(deadlineTimer);
        return Future.all(servers.stream().map(NetServer::close).toList()).mapEmpty();
    }

    private void connected(NetSocket socket) {
        RespSession session = new RespSession(clientIds.incrementAndGet(), String.valueOf(socket.remoteAddress()),
                String.valueOf(socket.localAddress()), !auth.enabled(), config.resp().databases().get(0));
        RespParser parser = new RespParser(Math.max(config.maxKeyBytes(), config.maxValueBytes()),
                config.maxRequestBytes());
        // Held bytes: one maximal request, as a gRPC Pipeline stream holds at most its messages.
        RespConnection connection = new RespConnection(vertx, socket, parser, session, this::dispatch,
                config.resp().maxInFlight(), config.maxRequestBytes());
        connections.add(connection);
        socket.closeHandler(ignored -> connections.remove(connection));
        connection.start();
    }

    private void dispatch(RespCall call) {
        RespDispatcher attached = dispatcher;
        if (attached == null) {
            call.error("LOADING node not ready: " + readiness.reason());
        } else {
            attached.dispatch(call);
        }
    }

    /** {@code request-read-timeout}: a command must arrive whole in time, else its connection is closed. */
    private void closeLateCommands() {
        long now = System.nanoTime();
        for (RespConnection connection : connections) {
            long since = connection.partialSince();
            if (since != 0 && now - since > readTimeoutNanos) {
                connection.closeNow();
            }
        }
    }
}
