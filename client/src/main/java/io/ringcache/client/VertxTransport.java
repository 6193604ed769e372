package io.ringcache.client;

import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.TopologyRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The wire: Vert.x's gRPC client over one HTTP/2 client, which keeps a small pool of
 * connections per node. Every failure becomes a {@link RingcacheException}: the node's status
 * when it sent one, else UNAVAILABLE marked as a connection failure (or DEADLINE_EXCEEDED when
 * the call's time ran out).
 */
final class VertxTransport implements Transport {

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClient http;
    private final GrpcClient grpc;
    private final Map<String, String> headers;
    private final Map<String, SocketAddress> resolved = new ConcurrentHashMap<>();
    private final OpenConnections connections = new OpenConnections();

    VertxTransport(Vertx vertx, boolean ownsVertx, HttpClientOptions options, int connectionsPerNode,
                   Map<String, String> headers) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.http = vertx.httpClientBuilder().with(options)
                .with(new PoolOptions().setHttp2MaxSize(connectionsPerNode))
                .withConnectHandler(connections::opened)
                .build();
        this.grpc = GrpcClient.client(vertx, http);
        this.headers = Map.copyOf(headers);
    }

    @Override
    public <Req, Resp> CompletableFuture<Resp> call(String address, ServiceMethod<Resp, Req> method, Req request,
                                                    long timeoutMs) {
        long started = System.nanoTime();
        // A stream that could not be opened (connection refused, the node's GOAWAY) never carried
        // the request: only then may a write that is not idempotent be sent again.
        Future<GrpcClientRequest<Req, Resp>> opened = connections
                .opening(grpc.request(socketAddress(address), method))
                .recover(error -> Future.failedFuture(RingcacheException.notSent(
                        "could not reach the node: " + error.getMessage(), error)));
        Future<Resp> response = opened.compose(call -> {
            call.timeout(timeoutMs, TimeUnit.MILLISECONDS);
            headers.forEach(call.headers()::add);
            call.end(request);
            return call.response().compose(answer -> answer.last().recover(error -> Future.failedFuture(
                    failure(answer, error, started, timeoutMs))));
        });
        CompletableFuture<Resp> result = new CompletableFuture<>();
        response.onComplete(value -> result.complete(value), error -> result.completeExceptionally(
                error instanceof RingcacheException known ? known : failure(null, error, started, timeoutMs)));
        return result;
    }

    @Override
    public Runnable watchTopology(String address, Consumer<TopologyResponse> messages, Consumer<Throwable> ended) {
        AtomicBoolean done = new AtomicBoolean();
        Consumer<Throwable> endOnce = error -> {
            if (done.compareAndSet(false, true)) {
                ended.accept(error);
            }
        };
        CompletableFuture<GrpcClientRequest<TopologyRequest, TopologyResponse>> opened = new CompletableFuture<>();
        connections.opening(grpc.request(socketAddress(address), CacheServiceGrpcClient.WatchTopology))
                .onComplete(call -> {
            headers.forEach(call.headers()::add);
            call.response().onComplete(answer -> {
                answer.handler(messages::accept);
                answer.endHandler(ignored -> endOnce.accept(answer.status() == null || answer.status() == GrpcStatus.OK
                        ? null : failure(answer, null, 0, Long.MAX_VALUE)));
                answer.exceptionHandler(error -> endOnce.accept(failure(answer, error, 0, Long.MAX_VALUE)));
            }, error -> endOnce.accept(failure(null, error, 0, Long.MAX_VALUE)));
            call.end(TopologyRequest.getDefaultInstance());
            opened.complete(call);
        }, error -> {
            opened.completeExceptionally(error);
            endOnce.accept(failure(null, error, 0, Long.MAX_VALUE));
        });
        return () -> {
            done.set(true);
            opened.thenAccept(call -> call.cancel());
        };
    }

    @Override
    public InvalidationCall watchInvalidations(String address, Consumer<InvalidationEvent> events,
                                               Consumer<Throwable> ended) {
        AtomicBoolean done = new AtomicBoolean();
        Consumer<Throwable> endOnce = error -> {
            if (done.compareAndSet(false, true)) {
                ended.accept(error);
            }
        };
        QueuedRequests queued = new QueuedRequests();
        connections.opening(grpc.request(socketAddress(address), CacheServiceGrpcClient.WatchInvalidations))
                .onComplete(call -> {
            headers.forEach(call.headers()::add);
            call.response().onComplete(answer -> {
                answer.handler(events::accept);
                answer.endHandler(ignored -> {
                    OurHalf.close(call);
                    endOnce.accept(answer.status() == null || answer.status() == GrpcStatus.OK
                            ? null : failure(answer, null, 0, Long.MAX_VALUE));
                });
                answer.exceptionHandler(error -> endOnce.accept(failure(answer, error, 0, Long.MAX_VALUE)));
            }, error -> endOnce.accept(failure(null, error, 0, Long.MAX_VALUE)));
            queued.open(call);
        }, error -> endOnce.accept(failure(null, error, 0, Long.MAX_VALUE)));
        return new InvalidationCall() {
            @Override
            public void send(InvalidationRequest request) {
                queued.send(request);
            }

            @Override
            public void cancel() {
                done.set(true);
                queued.cancel();
            }
        };
    }

    /** Requests written before the stream is open wait here, in order. */
    private static final class QueuedRequests {
        private final List<InvalidationRequest> waiting = new ArrayList<>();
        private GrpcClientRequest<InvalidationRequest, InvalidationEvent> call;
        private boolean cancelled;

        synchronized void open(GrpcClientRequest<InvalidationRequest, InvalidationEvent> opened) {
            call = opened;
            if (cancelled) {
                opened.cancel();
                return;
            }
            waiting.forEach(opened::write);
            waiting.clear();
        }

        synchronized void send(InvalidationRequest request) {
            if (cancelled) {
                return;
            }
            if (call == null) {
                waiting.add(request);
                return;
            }
            try {
                call.write(request);
            } catch (IllegalStateException streamEnded) {
                // The node ended the stream: the watcher hears of it and opens another.
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (call != null) {
                call.cancel();
            }
        }
    }

    @Override
    public void schedule(long delayMs, Runnable task) {
        vertx.setTimer(Math.max(1, delayMs), id -> task.run());
    }

    /** Closes the connections (those still connecting too), then the Vert.x instance if this transport made it. */
    @Override
    public CompletionStage<Void> closeAsync() {
        Future<Void> closed = connections.close(http::close);
        return (ownsVertx ? closed.eventually(vertx::close) : closed).toCompletionStage();
    }

    GrpcClient grpc() {
        return grpc;
    }

    Map<String, String> headers() {
        return headers;
    }

    @Override
    public void close() {
        closeAsync();
    }

    SocketAddress socketAddress(String address) {
        return resolved.computeIfAbsent(address, VertxTransport::parse);
    }

    /** "host:port" or "[v6]:port"; the host is resolved by the connection, not here. */
    static SocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(address.substring(colon + 1));
        return SocketAddress.inetSocketAddress(port, host);
    }

    private static RingcacheException failure(GrpcClientResponse<?, ?> answer, Throwable error, long startedNanos,
                                              long timeoutMs) {
        GrpcStatus status = answer == null ? null : answer.status();
        if (status != null && status != GrpcStatus.OK) {
            String message = answer.statusMessage();
            return RingcacheException.fromNode(status.code, status.name(), message == null ? "" : message, error);
        }
        String why = error == null ? "the stream ended without a status" : String.valueOf(error.getMessage());
        if (startedNanos != 0 && System.nanoTime() - startedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
            return new RingcacheException(RingcacheException.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED",
                    "no answer within " + timeoutMs + " ms", false, error);
        }
        return new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE",
                "could not reach the node: " + why, true, error);
    }
}
