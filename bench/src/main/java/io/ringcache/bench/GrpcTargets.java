package io.ringcache.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.ringcache.node.net.FlushCoalescing;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.client.InvalidStatusException;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side shared by the gRPC drivers: one Vert.x with an event loop per core, an
 * HTTP/2 client holding {@code connections} connections per target, and the targets to
 * spread calls over.
 */
final class GrpcTargets implements AutoCloseable {

    final Vertx vertx;
    final HttpClient http;
    final GrpcClient client;
    final List<SocketAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    GrpcTargets(Workload workload) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(
                Math.max(1, Math.min(workload.connections() * workload.targets().size(),
                        Runtime.getRuntime().availableProcessors()))));
        // A connection carries at most in-flight / connections streams, so the pool opens all
        // the connections asked for instead of multiplexing everything over the first one.
        // A Pipeline stream is one long HTTP/2 stream: one per connection.
        int streamsPerConnection = workload.mode() == Workload.Mode.PIPELINED ? 1
                : Math.max(1, (int) Math.ceil(workload.inFlight()
                / (double) (workload.connections() * workload.targets().size())));
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false)
                        .setHttp2MultiplexingLimit(streamsPerConnection)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(5_000))
                .with(new PoolOptions().setHttp2MaxSize(workload.connections()))
                // One socket write per event-loop turn, as grpc-java's transport does.
                .withConnectHandler(FlushCoalescing::install)
                .build();
        this.client = GrpcClient.client(vertx, http);
        this.addresses = workload.targets().stream().map(GrpcTargets::address).toList();
    }

    /** The targets in turn. */
    SocketAddress nextAddress() {
        return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }

    static SocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return SocketAddress.inetSocketAddress(Integer.parseInt(hostPort.substring(colon + 1)),
                hostPort.substring(0, colon));
    }

    /** The gRPC status of a failed call, or the exception's name when it never got one. */
    static String statusOf(Throwable failure) {
        Throwable cause = Driver.unwrapped(failure);
        if (cause instanceof InvalidStatusException invalid) {
            return invalid.actualStatus().name();
        }
        if (cause instanceof CallFailedException failed) {
            return failed.status;
        }
        return cause.getClass().getSimpleName();
    }

    /** A call that ended with a status other than OK. */
    static final class CallFailedException extends RuntimeException {
        final String status;

        CallFailedException(GrpcStatus status, String message) {
            this(status.name(), message);
        }

        CallFailedException(String status, String message) {
            super(status + ": " + message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void close() {
        try {
            http.close().eventually(vertx::close).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing is best effort at the end of a run.
        }
    }
}
