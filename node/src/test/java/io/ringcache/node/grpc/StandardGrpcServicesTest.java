package io.ringcache.node.grpc;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import io.vertx.grpc.reflection.v1.ServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** grpc.health.v1.Health and server reflection on the gRPC port, through a real client. */
class StandardGrpcServicesTest {

    private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> HEALTH_CHECK = ServiceMethod.client(
            ServiceName.create("grpc.health.v1", "Health"), "Check", GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
    private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> HEALTH_WATCH = ServiceMethod.client(
            ServiceName.create("grpc.health.v1", "Health"), "Watch", GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
    private static final ServiceMethod<ServerReflectionResponse, ServerReflectionRequest> REFLECTION =
            ServiceMethod.client(ServiceName.create("grpc.reflection.v1", "ServerReflection"), "ServerReflectionInfo",
                    GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ServerReflectionResponse.newBuilder()));

    private RingcacheNode node;
    private CacheTestClient client;

    @BeforeEach
    void start() {
        node = TestNodes.startSingleNode();
        client = new CacheTestClient(node.grpcPort());
    }

    @AfterEach
    void stop() {
        client.close();
        Awaits.result(node.stop());
    }

    @Test
    void health_followsReadiness_forTheServerAndTheCacheService() {
        assertThat(check("")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(check("ringcache.v1.CacheService")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        node.readiness().markDraining();

        assertThat(check("")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
        assertThat(check("ringcache.v1.CacheService")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
    }

    @Test
    void healthWatch_seesNotServingDuringAGracefulShutdown_thenEnds() throws Exception {
        List<HealthCheckResponse.ServingStatus> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<GrpcStatus> ended = new CompletableFuture<>();
        client.stream(HEALTH_WATCH, HealthCheckRequest.newBuilder().setService("").build(),
                response -> seen.add(response.getStatus()), ended);
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());

        Future<Void> stopping = node.stop();

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.OK);
        assertThat(seen).containsExactly(HealthCheckResponse.ServingStatus.SERVING,
                HealthCheckResponse.ServingStatus.NOT_SERVING);
        Awaits.result(stopping, 30);
    }

    @Test
    void health_unknownService_isNotFound() {
        assertThatThrownBy(() -> check("no.such.Service")).isInstanceOfSatisfying(GrpcCallException.class,
                e -> assertThat(e.status()).isEqualTo(GrpcStatus.NOT_FOUND));
    }

    @Test
    void reflection_listsTheCacheServiceAndHealth() {
        ServerReflectionResponse response = client.call(REFLECTION,
                ServerReflectionRequest.newBuilder().setListServices("*").build());

        assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("ringcache.v1.CacheService", "grpc.health.v1.Health");
    }

    private HealthCheckResponse.ServingStatus check(String service) {
        return client.call(HEALTH_CHECK, HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
