package io.ringcache.node.grpc;

import com.google.protobuf.ByteString;
import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pipeline stream, on the gRPC endpoint over an in-memory store: ids matched, errors per
 * request, bounded, ends cleanly.
 */
class PipelineTest {

    private static AdapterServers node;
    private static Vertx vertx;
    private static GrpcClient client;

    @BeforeAll
    static void start() {
        node = AdapterServers.start("--max-value-bytes=1024");
        vertx = Vertx.vertx();
        client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    @AfterAll
    static void stop() {
        Awaits.result(client.close().eventually(vertx::close));
        Awaits.result(node.stop());
    }

    @Test
    void everyRequestIsAnsweredUnderItsId_errorsIncluded_andTheStreamEndsOk() throws Exception {
        List<PipelineRequest> requests = List.of(
                put(1, "pipeline-a", "1"),
                put(2, "pipeline-b", "2"),
                get(3, "pipeline-a"),
                PipelineRequest.newBuilder().setId(4).setDelete(DeleteRequest.newBuilder().setKey(bytes("pipeline-b")))
                        .build(),
                get(5, "pipeline-missing"),
                put(6, "pipeline-c", "x".repeat(2048)),
                PipelineRequest.newBuilder().setId(7).build(),
                get(8, ""));

        Exchange exchange = exchange(requests);

        Map<Long, PipelineResponse> byId = exchange.answers.get(30, TimeUnit.SECONDS);
        assertThat(exchange.status.get(30, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.OK);
        assertThat(byId).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(byId.get(1L).getPut().getApplied()).isTrue();
        assertThat(byId.get(3L).getGet().getValue().toStringUtf8()).isEqualTo("1");
        assertThat(byId.get(4L).getDelete().getDeleted()).isTrue();
        assertThat(byId.get(5L).getGet().getFound()).isFalse();
        assertThat(byId.get(6L).getError().getCode()).isEqualTo(GrpcStatus.INVALID_ARGUMENT.code);
        assertThat(byId.get(7L).getError().getMessage()).contains("names no call");
        assertThat(byId.get(8L).getError().getCode()).isEqualTo(GrpcStatus.INVALID_ARGUMENT.code);
    }

    @Test
    void moreRequestsThanTheInFlightBound_areAllAnswered() throws Exception {
        int count = PipelineCalls.MAX_IN_FLIGHT * 3;
        List<PipelineRequest> requests = IntStream.range(0, count)
                .mapToObj(i -> put(i, "bulk-" + i, Integer.toString(i))).collect(Collectors.toList());

        Exchange exchange = exchange(requests);

        assertThat(exchange.answers.get(60, TimeUnit.SECONDS)).hasSize(count)
                .allSatisfy((id, answer) -> assertThat(answer.getPut().getApplied()).isTrue());
        assertThat(exchange.status.get(30, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.OK);
    }

    /** Writes every request, half-closes, and collects the answers by id until the stream ends. */
    private static Exchange exchange(List<PipelineRequest> requests) {
        Exchange exchange = new Exchange();
        Map<Long, PipelineResponse> byId = new ConcurrentHashMap<>();
        vertx.runOnContext(ignored -> client.request(SocketAddress.inetSocketAddress(node.grpcPort(), "127.0.0.1"),
                CacheServiceGrpcClient.Pipeline).onSuccess((GrpcClientRequest<PipelineRequest, PipelineResponse> call) -> {
            call.response().onSuccess(response -> {
                response.handler(answer -> byId.put(answer.getId(), answer));
                response.endHandler(end -> {
                    exchange.answers.complete(byId);
                    exchange.status.complete(response.status());
                });
                response.exceptionHandler(exchange.status::completeExceptionally);
            }).onFailure(exchange.status::completeExceptionally);
            requests.forEach(call::write);
            call.end();
        }).onFailure(exchange.status::completeExceptionally));
        return exchange;
    }

    private static final class Exchange {
        final CompletableFuture<Map<Long, PipelineResponse>> answers = new CompletableFuture<>();
        final CompletableFuture<GrpcStatus> status = new CompletableFuture<>();
    }

    private static PipelineRequest put(long id, String key, String value) {
        return PipelineRequest.newBuilder().setId(id)
                .setPut(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))).build();
    }

    private static PipelineRequest get(long id, String key) {
        return PipelineRequest.newBuilder().setId(id).setGet(GetRequest.newBuilder().setKey(bytes(key))).build();
    }

    private static ByteString bytes(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }
}
