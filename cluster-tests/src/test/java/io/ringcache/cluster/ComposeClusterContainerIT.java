package io.ringcache.cluster;

import io.ringcache.cluster.history.HistoryReport;
import io.ringcache.node.testing.CacheTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real docker-compose.yml: nodes in containers joined by the service's DNS name, called
 * from the host (gRPC, and RESP standalone and cluster clients) and from the compose network,
 * scaled and killed. Run with -Pcontainers.
 */
class ComposeClusterContainerIT {

    private static final Duration FORMATION = Duration.ofMinutes(3);

    private Compose compose;
    private final List<CacheTestClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(CacheTestClient::close);
        if (compose != null) {
            // For a look at a failure after the containers are gone.
            System.out.printf("[compose] node logs: %s%n", compose.saveLogs());
            compose.close();
        }
    }

    @Test
    void threeNodes_comeUpReady_andEveryNodeServesKeysWrittenThroughEveryNode() {
        compose = new Compose();
        long upAt = System.nanoTime();
        compose.up(3);
        // What a user waits for after `docker compose up`: Docker's own health status, which the
        // image's HEALTHCHECK sets. One line, for CI to report (the target is under 25 s).
        await("3 containers healthy").atMost(FORMATION).pollInterval(Duration.ofMillis(500))
                .until(() -> compose.healthyCount() == 3);
        System.out.printf("compose: 3 nodes healthy in %.1f s%n", (System.nanoTime() - upAt) / 1e9);
        awaitMembers(3);
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            client(1 + i % 3).put("host-" + i, "v" + i);
            written.put("host-" + i, "v" + i);
        }
        for (int node = 1; node <= 3; node++) {
            assertThat(unreadable(client(node), written)).as("keys unreadable via node %d", node).isEmpty();
        }
    }

    @Test
    void aContainerOnTheComposeNetwork_callsTheServiceByName() {
        startCluster(3);
        client(2).put("from-host", "hello");

        String read = compose.runOnNetwork("-cp", "/app/ringcache-node.jar", "io.ringcache.node.tools.CacheCli",
                "node:7070", "get", "from-host");
        compose.runOnNetwork("-cp", "/app/ringcache-node.jar", "io.ringcache.node.tools.CacheCli",
                "node:7070", "put", "from-network", "hi");

        assertThat(read.trim()).isEqualTo("hello");
        assertThat(client(1).get("from-network").getValue().toStringUtf8()).isEqualTo("hi");
    }

    @Test
    void redisClients_onThePublishedRespPorts_andAClusterClientOnTheAnnouncedAddresses() {
        startCluster(3);
        try (RedisClient one = RedisClient.create("127.0.0.1", compose.port(1, 6379));
             RedisClient two = RedisClient.create("127.0.0.1", compose.port(2, 6379))) {
            for (int i = 0; i < 100; i++) {
                one.set("resp-" + i, "v" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(two.get("resp-" + i)).isEqualTo("v" + i);
            }
        }
        // Seeded with node 1's published port; CLUSTER SLOTS then sends the client to each node's
        // compose-network address and RESP port, which the host reaches (Docker Engine on Linux).
        try (RedisClusterClient cluster = RedisClusterClient.create(new HostAndPort("127.0.0.1", compose.port(1, 6379)))) {
            for (int i = 0; i < 100; i++) {
                cluster.set("cluster-" + i, "v" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(cluster.get("resp-" + i)).isEqualTo("v" + i);
                assertThat(cluster.get("cluster-" + i)).isEqualTo("v" + i);
            }
            List<String> addresses = List.of(compose.address(1) + ":6379", compose.address(2) + ":6379",
                    compose.address(3) + ":6379");
            assertThat(cluster.getClusterNodes().keySet()).containsAll(addresses);
        }
    }

    @Test
    void scalingThreeToFiveToTwoUnderLoad_losesNoAcknowledgedWrite() throws InterruptedException {
        startCluster(3);
        Map<String, String> acknowledged;
        // Node 1 stays throughout: compose removes the highest-numbered containers first.
        // A history through the two nodes that stay, checked for linearizability at the end.
        try (SteadyLoad writer = new SteadyLoad(List.of(compose.port(1, 7070)), Duration.ofMinutes(6));
             HistoryLoad history = new HistoryLoad(List.of(compose.port(1, 7070), compose.port(2, 7070)), 6,
                     HistoryLoad.freshKeys(6), Duration.ofMinutes(6))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledgedCount() > 200);
            compose.up(5);
            await("5 members").atMost(FORMATION).until(() -> membersSeenBy(1) == 5);
            int before = writer.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledgedCount() > before + 200);
            compose.up(2);
            await("2 members").atMost(FORMATION).until(() -> membersSeenBy(1) == 2);
            int afterShrink = writer.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledgedCount() > afterShrink + 200);
            acknowledged = writer.finish();
            System.out.printf("[compose scale 3->5->2] %d writes acknowledged, failures: %s%n", acknowledged.size(),
                    writer.failures());
            // Three of five leave at once: a write to a moving partition is retried inside the
            // node (up to 40 times, 250 ms apart), which can outlast the load's 5 s deadline (one
            // put of 1,335 in one CI run). Both statuses mean "outcome unknown, retry"; nothing
            // else may appear, and the history below shows neither hid a lost or doubled write.
            assertThat(writer.failedStatuses()).isSubsetOf("UNAVAILABLE", "DEADLINE_EXCEEDED");
            assertThat(writer.missedReads()).isEmpty();
            HistoryReport report = history.finishAndCheck();
            System.out.printf("[history compose scale 3->5->2] %s%n", HistoryLoad.summary(report));
            assertThat(report.linearizable()).as("history, per key:%n%s", report).isTrue();
        }
        assertThat(unreadable(client(1), acknowledged)).isEmpty();
        assertThat(unreadable(client(2), acknowledged)).isEmpty();
    }

    @Test
    void dockerKillOfOneNode_everyKeyReadableFromTheOthersWithinTenSeconds() {
        startCluster(3);
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            client(1).put("kill-" + i, "v" + i);
            written.put("kill-" + i, "v" + i);
        }
        List<Integer> others = List.of(compose.port(1, 7070), compose.port(2, 7070));
        long killedAt = System.nanoTime();
        compose.kill(3);

        long servedMs = Recovery.millisUntilEveryKeyReadable(killedAt, others, written, Duration.ofSeconds(40));
        System.out.printf("[compose kill] all %d keys served by the other nodes %d ms after docker kill%n",
                written.size(), servedMs);
        assertThat(servedMs).isLessThan(10_000);
    }

    private void startCluster(int nodes) {
        compose = new Compose();
        compose.up(nodes);
        awaitMembers(nodes);
    }

    private void awaitMembers(int nodes) {
        await("compose nodes ready with " + nodes + " members").atMost(FORMATION).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    for (int node = 1; node <= nodes; node++) {
                        if (membersSeenBy(node) != nodes) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private CacheTestClient client(int node) {
        while (clients.size() < node) {
            clients.add(new CacheTestClient(compose.port(clients.size() + 1, 7070)));
        }
        return clients.get(node - 1);
    }

    private int membersSeenBy(int node) {
        return NodeProbe.readyMembers("127.0.0.1", compose.port(node, 8080));
    }
}
