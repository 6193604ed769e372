package io.ringcache.client;

import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pipeline streams, each on an HTTP/2 connection of its own (from a pool of
 * {@code streamsPerNode} per node, apart from the unary calls' connections). A stream and its
 * connection live on one event-loop context: its writes and answers run there without a
 * thread hop, and a task it is given runs in a later turn of that loop, so everything queued
 * meanwhile goes out in one batch (and, with {@link FlushCoalescing}, one socket write).
 */
final class VertxPipelineWire implements PipelineWire {

    private final Vertx vertx;
    private final VertxTransport transport;
    private final HttpClient http;
    private final GrpcClient grpc;
    private final OpenConnections connections = new OpenConnections();

    VertxPipelineWire(Vertx vertx, VertxTransport transport, HttpClientOptions options, int streamsPerNode) {
        this.vertx = vertx;
        this.transport = transport;
        // One stream per connection, so each connection is opened on, and stays with, its stream's loop.
        this.http = vertx.httpClientBuilder().with(new HttpClientOptions(options).setHttp2MultiplexingLimit(1))
                .with(new PoolOptions().setHttp2MaxSize(streamsPerNode))
                .withConnectHandler(connections::opened)
                .build();
        this.grpc = GrpcClient.client(vertx, http);
    }

    @Override
    public CompletableFuture<Void> closeConnections() {
        return connections.close(http::close).toCompletionStage().toCompletableFuture();
    }

    @Override
    public CompletableFuture<Sink> open(String address, Listener listener) {
        CompletableFuture<Sink> opened = new CompletableFuture<>();
        AtomicBoolean ended = new AtomicBoolean();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> connections.opening(grpc.request(transport.socketAddress(address),
                CacheServiceGrpcClient.Pipeline)).onComplete(request -> {
            transport.headers().forEach(request.headers()::add);
            request.exceptionHandler(error -> end(ended, listener, lost(address, error.getMessage(), error)));
            request.response().onComplete(response -> {
                response.handler(listener::answered);
                response.exceptionHandler(error -> end(ended, listener, lost(address, error.getMessage(), error)));
                response.endHandler(done -> {
                    GrpcStatus status = response.status();
                    String why = status == null || status == GrpcStatus.OK ? "the node ended the stream"
                            : status.name() + " " + response.statusMessage();
                    OurHalf.close(request);
                    end(ended, listener, lost(address, why, null));
                });
            }, error -> end(ended, listener, lost(address, error.getMessage(), error)));
            opened.complete(new StreamSink(context, request));
        }, opened::completeExceptionally));
        return opened;
    }

    @Override
    public Runnable every(long periodMs, Runnable task) {
        long timer = vertx.setPeriodic(periodMs, id -> task.run());
        return () -> vertx.cancelTimer(timer);
    }

    private static void end(AtomicBoolean ended, Listener listener, RingcacheException why) {
        if (ended.compareAndSet(false, true)) {
            listener.ended(why);
        }
    }

    private static RingcacheException lost(String address, String why, Throwable cause) {
        return new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE",
                "Pipeline stream to " + address + " lost: " + why, true, cause);
    }

    private record StreamSink(Context context, GrpcClientRequest<PipelineRequest, PipelineResponse> request)
            implements Sink {

        @Override
        public void execute(Runnable task) {
            context.runOnContext(ignored -> task.run());
        }

        @Override
        public void write(List<PipelineRequest> batch) {
            try {
                for (PipelineRequest call : batch) {
                    request.write(call);
                }
            } catch (IllegalStateException streamClosed) {
                // The stream has ended: its end handler fails the calls.
            }
        }

        @Override
        public void cancel() {
            context.runOnContext(ignored -> request.cancel());
        }
    }
}
