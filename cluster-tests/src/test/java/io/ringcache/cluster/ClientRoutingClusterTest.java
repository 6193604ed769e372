package io.ringcache.cluster;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.BlockingCache;
import io.ringcache.client.GetResult;
import io.ringcache.client.RingcacheClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client on a three-node in-JVM cluster: it follows the topology and sends each key to
 * its owner, so the nodes serve nearly every key as owners (the node-side
 * {@code ringcache_keys_routed_total{route="remote"}} stays near zero), a GetMany reaches each
 * owner exactly once, and a node that leaves is dropped with its keys going to the next owner.
 *
 * <p>Without the client's routing (every key sent to the seed) about two thirds of the keys
 * would count as remote, and the GetMany would reach one node, which fails both assertions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientRoutingClusterTest {

    private static final String HOST = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static InJvmCluster cluster;
    private static RingcacheClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = InJvmCluster.start(3);
        client = RingcacheClient.builder().seeds(HOST + ":" + cluster.node(0).grpcPort())
                .deadline(Duration.ofSeconds(10)).connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
        awaitClientFollowsTheCluster();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void singleKeyCalls_goToTheirOwner_soNodesRouteAlmostNothing() throws Exception {
        BlockingCache cache = client.cache().blocking();
        int keys = 300;
        Map<String, Double> before = routedKeys();
        for (int i = 0; i < keys; i++) {
            cache.put("single-" + i, "v" + i);
        }
        for (int i = 0; i < keys; i++) {
            assertThat(cache.get("single-" + i).valueAsString()).isEqualTo("v" + i);
        }
        for (int i = 0; i < keys; i++) {
            assertThat(cache.increment("counter-" + i, 2).value()).isEqualTo(2);
        }
        assertMostlyLocal(before, routedKeys(), keys * 3);
    }

    @Test
    @Order(2)
    void getMany_touchesEachOwnerOnce_andAnswersInOrder() throws Exception {
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> "batch-" + i).toList();
        assertThat(keys.stream().map(cluster::ownerOf).distinct()).as("the keys' owners").hasSize(3);
        Map<String, String> entries = new LinkedHashMap<>();
        keys.forEach(key -> entries.put(key, "value-of-" + key));
        AsyncCache cache = client.cache();
        cache.putMany(entries, Duration.ZERO).toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<Double> before = getManyRequests();
        Map<String, Double> routedBefore = routedKeys();
        List<GetResult> results = cache.getMany(keys.toArray(String[]::new)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        List<Double> after = getManyRequests();

        assertThat(results).extracting(GetResult::valueAsString)
                .containsExactlyElementsOf(keys.stream().map(key -> "value-of-" + key).toList());
        assertThat(IntStream.range(0, 3).mapToObj(i -> after.get(i) - before.get(i)).toList())
                .as("GetMany requests each node received").containsExactly(1.0, 1.0, 1.0);
        assertThat(routedKeys().get("remote") - routedBefore.get("remote")).as("keys routed").isZero();
    }

    @Tag("slow")
    @Test
    @Order(3)
    void aNodeThatLeaves_isDropped_andItsKeysGoToTheirNextOwner() throws Exception {
        BlockingCache cache = client.cache().blocking();
        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "moving-" + i).toList();
        keys.forEach(key -> cache.put(key, key));
        long epoch = client.routingEpoch();

        cluster.stopGracefully(2);
        cluster.awaitMembers(2);
        cluster.awaitClusterSafe();
        awaitClientFollowsTheCluster();

        assertThat(client.routingEpoch()).isNotEqualTo(epoch);
        Map<String, Double> before = routedKeys();
        List<String> unreadable = new ArrayList<>();
        for (String key : keys) {
            if (!key.equals(cache.get(key).valueAsString())) {
                unreadable.add(key);
            }
        }
        assertThat(unreadable).as("keys not read back after the node left").isEmpty();
        assertMostlyLocal(before, routedKeys(), keys.size());
    }

    /** Waits until the client routes by the topology the cluster's first running node describes. */
    private static void awaitClientFollowsTheCluster() {
        int any = cluster.running().get(0);
        await("the client follows the cluster's topology").atMost(Duration.ofSeconds(30))
                .until(() -> client.routingEpoch() == cluster.client(any).topology().getEpoch());
    }

    /** Per node (by index), the GetMany requests it answered OK. */
    private static List<Double> getManyRequests() throws Exception {
        List<Double> counts = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            counts.add(metrics(node).lines()
                    .filter(line -> line.startsWith("ringcache_requests_total{") && line.contains("operation=\"get_many\"")
                            && line.contains("status=\"OK\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
        }
        return counts;
    }

    /** Keys the running nodes served as owners ("local") and sent to another ("remote"). */
    private static Map<String, Double> routedKeys() throws Exception {
        Map<String, Double> totals = new LinkedHashMap<>(Map.of("local", 0.0, "remote", 0.0));
        for (int node : cluster.running()) {
            metrics(node).lines().filter(line -> line.startsWith("ringcache_keys_routed_total{")).forEach(line -> {
                String route = line.contains("route=\"remote\"") ? "remote" : "local";
                totals.merge(route, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            });
        }
        return totals;
    }

    private static String metrics(int node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + cluster.node(node).httpPort()
                + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Under 1% of {@code keyOperations} routed to another node; at least 99% served by their owner. */
    private static void assertMostlyLocal(Map<String, Double> before, Map<String, Double> after, int keyOperations) {
        double local = after.get("local") - before.get("local");
        double remote = after.get("remote") - before.get("remote");
        System.out.printf("[client routing] %d key operations: %.0f served by their owner, %.0f routed%n",
                keyOperations, local, remote);
        assertThat(remote).as("keys routed to another node").isLessThan(keyOperations * 0.01);
        assertThat(local).as("keys served by their owner").isGreaterThanOrEqualTo(keyOperations * 0.99);
    }
}
