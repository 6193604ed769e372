package io.ringcache.node.http;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.TestNodes;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private RingcacheNode node;

    @BeforeEach
    void start() {
        node = TestNodes.startSingleNode();
    }

    @AfterEach
    void stop() {
        Awaits.result(node.stop());
    }

    @Test
    void readyNode_answersLiveReadyAndClusterSafe() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
        assertThat(get("/health/cluster-safe").statusCode()).isEqualTo(200);
    }

    @Test
    void drainingNode_isNotReadyWithReason_andRefusesCallsAsUnavailable() throws Exception {
        node.readiness().markDraining();

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("shutting down");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        try (CacheTestClient client = new CacheTestClient(node.grpcPort())) {
            assertThatThrownBy(() -> client.get("k"))
                    .isInstanceOfSatisfying(GrpcCallException.class,
                            e -> assertThat(e.status()).isEqualTo(GrpcStatus.UNAVAILABLE))
                    .hasMessageContaining("not ready");
        }
    }

    @Test
    void metrics_arePrometheusText_withTheClusterHealth() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("ringcache_cluster_members 1.0", "ringcache_quorum_present 1.0",
                "ringcache_node_ready 1.0", "ringcache_partitions_lost_total 0.0",
                "ringcache_partitions_lost_recent 0.0");
    }

    @Test
    void unknownPath_is404() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
