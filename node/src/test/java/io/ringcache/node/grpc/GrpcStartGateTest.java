package io.ringcache.node.grpc;

import io.ringcache.node.cluster.NodeReadiness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A starting node's gRPC answer, seen on the wire: trailers-only UNAVAILABLE with the reason,
 * then, since the client is still sending (a streaming call), the stream reset with NO_ERROR
 * so it does not hold a slot of the connection; once open, calls reach the services.
 */
class GrpcStartGateTest {

    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    private GrpcStartGate gate;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        gate = new GrpcStartGate(new NodeReadiness(), request -> request.response().setStatusCode(200)
                .putHeader("grpc-status", "0").end());
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(gate)
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void whileStarting_aStreamingCallGetsTheReason_andItsStreamIsReset() throws Exception {
        HttpClientRequest request = open();
        CompletableFuture<Throwable> reset = new CompletableFuture<>();
        request.exceptionHandler(reset::complete);
        // Headers and a first message, and the client's half stays open, as a Pipeline's does.
        request.setChunked(true).write(Buffer.buffer(new byte[5]));
        HttpClientResponse response = request.response().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(response.getHeader("grpc-status")).isEqualTo("14");
        assertThat(response.getHeader("grpc-message")).isEqualTo("node not ready: starting: joining the cluster");
        assertThat(reset.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StreamResetException.class,
                error -> assertThat(error.getCode()).isZero());
    }

    @Test
    void onceOpen_callsReachTheServices() throws Exception {
        gate.open();
        HttpClientRequest request = open();
        HttpClientResponse response = request.send(Buffer.buffer(new byte[5])).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(response.getHeader("grpc-status")).isEqualTo("0");
    }

    private HttpClientRequest open() throws Exception {
        return client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/ringcache.v1.CacheService/Pipeline")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .putHeader("content-type", "application/grpc");
    }
}
