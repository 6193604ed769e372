package io.ringcache.node.testing;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutResponse;
import io.ringcache.proto.v1.TopologyRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.ringcache.proto.v1.TouchRequest;
import io.ringcache.proto.v1.TouchResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking client for tests: real gRPC over a real socket to one node, every call bounded
 * by a deadline the server also sees. Failures throw {@link GrpcCallException} with the status
 * and message the server sent.
 */
public final class CacheTestClient implements AutoCloseable {

    private static final long DEFAULT_DEADLINE_MS = 5_000;
    private static final int MAX_CONNECTIONS = 16;

    private final Vertx vertx;
    private final HttpClient http;
    private final GrpcClient client;
    private final SocketAddress address;
    private final long deadlineMs;
    private final Map<String, String> headers;

    public CacheTestClient(int port) {
        this("127.0.0.1", port);
    }

    public CacheTestClient(String host, int port) {
        this(host, port, java.time.Duration.ofMillis(DEFAULT_DEADLINE_MS));
    }

    /** A client whose every call carries {@code deadline}: short ones make recovery polls fine-grained. */
    public CacheTestClient(String host, int port, java.time.Duration deadline) {
        this(host, port, deadline, new HttpClientOptions(), Map.of());
    }

    /**
     * A client on {@code options} (TLS settings, for instance) that sends {@code headers} (an
     * authorization header, for instance) with every call.
     */
    public CacheTestClient(String host, int port, java.time.Duration deadline, HttpClientOptions options,
                           Map<String, String> headers) {
        this.deadlineMs = deadline.toMillis();
        this.headers = Map.copyOf(headers);
        this.vertx = Vertx.vertx();
        // Several connections, so a test with hundreds of calls in flight is not held to one
        // connection's stream limit (calls past it would wait in the client, unseen by the node).
        this.http = vertx.createHttpClient(new HttpClientOptions(options)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setUseAlpn(options.isSsl())
                .setHttp2ClearTextUpgrade(false)
                .setConnectTimeout(2_000), new PoolOptions().setHttp2MaxSize(MAX_CONNECTIONS));
        this.client = GrpcClient.client(vertx, http);
        this.address = SocketAddress.inetSocketAddress(port, host);
    }

    public static ByteString bytes(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }

    public GetResponse get(String key) {
        return get(GetRequest.newBuilder().setKey(bytes(key)).build());
    }

    public GetResponse get(GetRequest request) {
        return call(CacheServiceGrpcClient.Get, request);
    }

    public PutResponse put(String key, String value) {
        return put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build());
    }

    public PutResponse put(PutRequest request) {
        return call(CacheServiceGrpcClient.Put, request);
    }

    public DeleteResponse delete(String key) {
        return delete(DeleteRequest.newBuilder().setKey(bytes(key)).build());
    }

    public DeleteResponse delete(DeleteRequest request) {
        return call(CacheServiceGrpcClient.Delete, request);
    }

    public IncrementResponse increment(String key, long delta) {
        return increment(IncrementRequest.newBuilder().setKey(bytes(key)).setDelta(delta).build());
    }

    public IncrementResponse increment(IncrementRequest request) {
        return call(CacheServiceGrpcClient.Increment, request);
    }

    public TouchResponse touch(String key, long ttlMs) {
        return call(CacheServiceGrpcClient.Touch, TouchRequest.newBuilder().setKey(bytes(key)).setTtlMs(ttlMs).build());
    }

    public GetManyResponse getMany(List<String> keys) {
        return call(CacheServiceGrpcClient.GetMany,
                GetManyRequest.newBuilder().addAllKeys(keys.stream().map(CacheTestClient::bytes).toList()).build());
    }

    public PutManyResponse putMany(PutManyRequest request) {
        return call(CacheServiceGrpcClient.PutMany, request);
    }

    public DeleteManyResponse deleteMany(List<String> keys) {
        return call(CacheServiceGrpcClient.DeleteMany,
                DeleteManyRequest.newBuilder().addAllKeys(keys.stream().map(CacheTestClient::bytes).toList()).build());
    }

    public TopologyResponse topology() {
        return call(CacheServiceGrpcClient.Topology, TopologyRequest.getDefaultInstance());
    }

    /**
     * Opens a WatchTopology stream; every message goes to {@code messages}, and the status the
     * stream ends with (OK or a failure) completes {@code ended}. Returns a handle that cancels.
     */
    public Runnable watchTopology(Consumer<TopologyResponse> messages, CompletableFuture<GrpcStatus> ended) {
        return stream(CacheServiceGrpcClient.WatchTopology, TopologyRequest.getDefaultInstance(), messages, ended);
    }

    /** Opens any server stream, as {@link #watchTopology} does. */
    public <Req, Resp> Runnable stream(ServiceMethod<Resp, Req> method, Req message, Consumer<Resp> messages,
                                       CompletableFuture<GrpcStatus> ended) {
        GrpcClientRequest<Req, Resp> request = Awaits.result(client.request(address, method), 10);
        headers.forEach(request.headers()::add);
        request.response().onSuccess(response -> {
            response.handler(messages::accept);
            response.endHandler(ignored -> ended.complete(response.status()));
            response.exceptionHandler(error -> ended.complete(
                    response.status() == null ? GrpcStatus.UNAVAILABLE : response.status()));
        }).onFailure(error -> ended.complete(GrpcStatus.UNAVAILABLE));
        request.end(message);
        return request::cancel;
    }

    /** The status a call ends with: OK, or the failure's status. */
    public GrpcStatus statusOf(Runnable call) {
        try {
            call.run();
            return GrpcStatus.OK;
        } catch (GrpcCallException e) {
            return e.status();
        }
    }

    /** Any unary call (or a stream answering one message) to any service on the node. */
    public <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) {
        try {
            return callAsync(method, request).get(deadlineMs + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (GrpcCallException) e.getCause();
        } catch (TimeoutException e) {
            throw new GrpcCallException(GrpcStatus.DEADLINE_EXCEEDED, "no answer within the test's bound");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Get that does not block: for tests that keep many reads in flight at once. */
    public CompletableFuture<GetResponse> getAsync(String key) {
        return callAsync(CacheServiceGrpcClient.Get, GetRequest.newBuilder().setKey(bytes(key)).build());
    }

    /** {@link #call} without blocking; fails with {@link GrpcCallException} only. */
    public <Req, Resp> CompletableFuture<Resp> callAsync(ServiceMethod<Resp, Req> method, Req request) {
        Future<Resp> response = client.request(address, method).compose(req -> {
            req.timeout(deadlineMs, TimeUnit.MILLISECONDS);
            headers.forEach(req.headers()::add);
            req.end(request);
            return req.response().compose(resp -> resp.last().recover(error -> {
                GrpcStatus status = resp.status();
                if (status != null && status != GrpcStatus.OK) {
                    return Future.failedFuture(new GrpcCallException(status, resp.statusMessage()));
                }
                return Future.failedFuture(error);
            }));
        });
        return response.toCompletionStage().toCompletableFuture().exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            return CompletableFuture.failedFuture(cause instanceof GrpcCallException
                    ? cause : new GrpcCallException(GrpcStatus.UNAVAILABLE, String.valueOf(cause)));
        });
    }

    @Override
    public void close() {
        // A gRPC client over a given HTTP client leaves closing that client to its owner.
        Awaits.result(http.close().eventually(vertx::close));
    }
}
