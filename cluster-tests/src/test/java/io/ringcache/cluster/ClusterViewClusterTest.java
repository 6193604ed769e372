package io.ringcache.cluster;

import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/cluster} and the routing metrics on a three-node in-JVM cluster: every node
 * describes the same members and epoch as the Topology RPC, the partitions add up, and keys
 * another node owns count as routed.
 */
class ClusterViewClusterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static InJvmCluster cluster;

    @BeforeAll
    static void start() {
        cluster = InJvmCluster.start(3);
        cluster.awaitClusterSafe();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyNode_describesTheSameClusterAsTheTopologyRpc() throws Exception {
        for (int i = 0; i < 3; i++) {
            JsonObject view = new JsonObject(get(i, "/v1/cluster").body());
            TopologyResponse topology = cluster.client(i).topology();
            JsonArray members = view.getJsonArray("members");

            assertThat(view.getString("epoch")).isEqualTo(Long.toString(topology.getEpoch()));
            assertThat(members).hasSize(3);
            assertThat(IntStream.range(0, 3).mapToObj(members::getJsonObject).map(m -> m.getString("grpc")))
                    .containsExactlyElementsOf(topology.getMembersList().stream().map(m -> m.getGrpcAddress())
                            .toList());
            assertThat(IntStream.range(0, 3).mapToObj(members::getJsonObject)
                    .map(m -> m.getJsonObject("endpoints").getMap()))
                    .containsExactlyElementsOf(topology.getMembersList().stream()
                            .map(m -> Map.<String, Object>copyOf(m.getEndpointsMap())).toList());
            assertThat(IntStream.range(0, 3).map(m -> members.getJsonObject(m).getInteger("partitions_owned")).sum())
                    .isEqualTo(271);
            assertThat(IntStream.range(0, 3).map(m -> members.getJsonObject(m).getInteger("partitions_backed_up"))
                    .sum()).isEqualTo(271);
            assertThat(IntStream.range(0, 3).filter(m -> members.getJsonObject(m).getBoolean("local")).count())
                    .isEqualTo(1);
            assertThat(view.getJsonObject("migrations").getLong("in_progress")).isZero();
        }
    }

    @Test
    void keysOwnedElsewhere_countAsRouted_keysOwnedHere_asLocal() throws Exception {
        for (int k = 0; k < 60; k++) {
            cluster.client(0).put("routed-" + k, "v");
        }
        String metrics = get(0, "/metrics").body();
        assertThat(sample(metrics, "ringcache_keys_routed_total{operation=\"put\",route=\"remote\"}")).isPositive();
        assertThat(sample(metrics, "ringcache_keys_routed_total{operation=\"put\",route=\"local\"}")).isPositive();
    }

    @Test
    void slotRanges_coverEverySlotOnce_andNameEachKeysOwner() throws Exception {
        JsonObject view = new JsonObject(get(1, "/v1/cluster").body());
        JsonArray ranges = view.getJsonArray("slots");
        int next = 0;
        for (int i = 0; i < ranges.size(); i++) {
            JsonArray range = ranges.getJsonArray(i);
            assertThat(range.getInteger(0)).isEqualTo(next);
            assertThat(range.size()).isEqualTo(3 + view.getInteger("backups"));
            next = range.getInteger(1) + 1;
        }
        assertThat(next).isEqualTo(16384);
        String key = "placed-key";
        JsonObject placement = new JsonObject(get(1, "/v1/console/placement/" + key).body());
        assertThat(placement.getJsonObject("owner").getString("id"))
                .isEqualTo(cluster.hazelcast(cluster.ownerOf(key)).getCluster().getLocalMember().getUuid().toString());
        assertThat(placement.getJsonArray("backups")).hasSize(1);
    }

    @Test
    void consoleStats_gatherEveryMembersCounters_fromAnyNode() throws Exception {
        for (int k = 0; k < 30; k++) {
            cluster.client(k % 3).get("stats-" + k);
        }
        JsonObject stats = new JsonObject(get(2, "/v1/console/stats").body());
        JsonArray members = stats.getJsonArray("members");
        assertThat(IntStream.range(0, members.size()).mapToObj(members::getJsonObject).map(m -> m.getString("id")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 3)
                        .mapToObj(i -> cluster.hazelcast(i).getCluster().getLocalMember().getUuid().toString()).toList());
        for (int i = 0; i < members.size(); i++) {
            JsonObject member = members.getJsonObject(i);
            assertThat(member.containsKey("error")).as(member.encode()).isFalse();
            assertThat(member.getBoolean("ready")).isTrue();
            assertThat(member.getBoolean("quorum")).isTrue();
            assertThat(member.getJsonObject("requests").getLong("get")).isGreaterThanOrEqualTo(10);
            assertThat(member.getJsonObject("protocol_commands").getLong("grpc")).isGreaterThanOrEqualTo(10);
            assertThat(member.getJsonObject("caches").containsKey("default")).isTrue();
        }
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).sum();
    }

    private static HttpResponse<String> get(int node, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
