package io.ringcache.node.security;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.TopologyRequest;
import io.ringcache.proto.v1.TouchRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** With a token configured, every data call over real sockets needs it; health stays open. */
class AuthTokenTest {

    private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> HEALTH_CHECK = ServiceMethod.client(
            ServiceName.create("grpc.health.v1", "Health"), "Check", GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
    private static final String TOKEN = "s3cret-token-for-tests-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static AdapterServers node;
    private static CacheTestClient noToken;
    private static CacheTestClient wrongToken;
    private static CacheTestClient rightToken;

    @BeforeAll
    static void start() throws Exception {
        Path tokenFile = Files.createTempFile("ringcache-token", ".txt");
        Files.writeString(tokenFile, TOKEN + "\n");
        node = AdapterServers.start("--auth-token-file=" + tokenFile);
        noToken = client(Map.of());
        wrongToken = client(Map.of("authorization", "Bearer " + TOKEN + "x"));
        rightToken = client(Map.of("authorization", "Bearer " + TOKEN));
    }

    @AfterAll
    static void stop() {
        List.of(noToken, wrongToken, rightToken).forEach(CacheTestClient::close);
        Awaits.result(node.stop());
    }

    private static CacheTestClient client(Map<String, String> headers) {
        return new CacheTestClient("127.0.0.1", node.grpcPort(), Duration.ofSeconds(5), new HttpClientOptions(),
                headers);
    }

    @Test
    void everyGrpcOperation_isRefusedWithoutTheRightToken_andServedWithIt() {
        rightToken.put("k", "v");
        Map<ServiceMethod<?, ?>, Object> calls = Map.ofEntries(
                Map.entry(CacheServiceGrpcClient.Get, GetRequest.newBuilder().setKey(bytes("k")).build()),
                Map.entry(CacheServiceGrpcClient.Put, PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("v")).build()),
                Map.entry(CacheServiceGrpcClient.Delete, DeleteRequest.newBuilder().setKey(bytes("gone")).build()),
                Map.entry(CacheServiceGrpcClient.Increment, IncrementRequest.newBuilder().setKey(bytes("n")).setDelta(1).build()),
                Map.entry(CacheServiceGrpcClient.Touch, TouchRequest.newBuilder().setKey(bytes("k")).build()),
                Map.entry(CacheServiceGrpcClient.GetMany, GetManyRequest.newBuilder().addKeys(bytes("k")).build()),
                Map.entry(CacheServiceGrpcClient.PutMany, PutManyRequest.newBuilder().addEntries(io.ringcache.proto.v1.Entry.newBuilder().setKey(bytes("m")).setValue(bytes("v"))).build()),
                Map.entry(CacheServiceGrpcClient.DeleteMany, DeleteManyRequest.newBuilder().addKeys(bytes("m")).build()),
                Map.entry(CacheServiceGrpcClient.Topology, TopologyRequest.getDefaultInstance()));
        calls.forEach((method, request) -> {
            assertThat(statusOf(noToken, method, request)).as("%s without a token", method.methodName())
                    .isEqualTo(GrpcStatus.UNAUTHENTICATED);
            assertThat(statusOf(wrongToken, method, request)).as("%s with a wrong token", method.methodName())
                    .isEqualTo(GrpcStatus.UNAUTHENTICATED);
            assertThat(statusOf(rightToken, method, request)).as("%s with the token", method.methodName())
                    .isEqualTo(GrpcStatus.OK);
        });
    }

    @Test
    void streamsAreRefusedWithoutTheToken() throws Exception {
        CompletableFuture<GrpcStatus> watch = new CompletableFuture<>();
        noToken.watchTopology(m -> { }, watch);
        assertThat(watch.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(GrpcStatus.UNAUTHENTICATED);
        CompletableFuture<GrpcStatus> pipeline = new CompletableFuture<>();
        noToken.stream(CacheServiceGrpcClient.Pipeline, PipelineRequest.newBuilder().setId(1).build(), m -> { },
                pipeline);
        assertThat(pipeline.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    }

    @Test
    void grpcHealth_staysOpen() {
        HealthCheckResponse health = noToken.call(HEALTH_CHECK, HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void httpKeyApi_needsTheToken_healthAndMetricsStayOpen() throws Exception {
        String key = "/v1/caches/default/keys/http-key";
        assertThat(http("PUT", key, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http("GET", key, "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate")).contains("Bearer");
        assertThat(wrong.body()).doesNotContain(TOKEN);
        assertThat(http("DELETE", key, "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(http("GET", "/v1/caches", null).statusCode()).isEqualTo(401);

        assertThat(http("PUT", key, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(http("GET", key, "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(http("GET", "/v1/caches", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        assertThat(http("GET", "/health/live", null).statusCode()).isEqualTo(200);
        assertThat(http("GET", "/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(http("GET", "/metrics", null).statusCode()).isEqualTo(200);
    }

    private static GrpcStatus statusOf(CacheTestClient client, ServiceMethod<?, ?> method, Object request) {
        @SuppressWarnings("unchecked")
        ServiceMethod<Object, Object> any = (ServiceMethod<Object, Object>) method;
        return client.statusOf(() -> client.call(any, request));
    }

    private static HttpResponse<String> http(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("value")
                        : HttpRequest.BodyPublishers.noBody());
        if (method.equals("PUT")) {
            request.header("content-type", "application/octet-stream");
        }
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
