package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three `java -jar` nodes on 127.0.0.1: a killed node's keys are served by the survivors. */
class ForkedNodesIT {

    private static final int KEYS = 1000;
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(10);

    private final List<ForkedNode> nodes = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        clients.forEach(CacheTestClient::close);
        for (ForkedNode node : nodes) {
            node.close();
        }
    }

    @Test
    void sigkillOfOneNode_survivorsServeEveryKeyWithinTenSeconds() throws Exception {
        startCluster(3);
        Map<String, String> written = writeKeys(clients.get(0));
        int victim = 2;

        List<Integer> survivors = List.of(0, 1);
        long killedAt = System.nanoTime();
        nodes.get(victim).kill();

        long servedMs = Recovery.millisUntilEveryKeyReadable(killedAt, survivors.stream().map(clients::get).toList(),
                written, FAILOVER_BOUND);
        await("survivors see 2 members").atMost(FAILOVER_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> survivors.stream().allMatch(s -> nodes.get(s).isReadyWith(2)));
        long removedMs = (System.nanoTime() - killedAt) / 1_000_000;

        System.out.printf("[failover] SIGKILL of 1 of 3 forked nodes: all %d keys served by the survivors "
                + "%d ms after the kill; member removed from the survivors' view within %d ms%n", KEYS, servedMs, removedMs);
        assertThat(servedMs).isLessThan(FAILOVER_BOUND.toMillis());
    }

    @Test
    void sigtermOfOneNode_exitsZeroAndLosesNoAcknowledgedWrite() throws Exception {
        startCluster(3);
        Map<String, String> written = writeKeys(clients.get(0));

        int status = nodes.get(1).terminate(Duration.ofSeconds(60));

        assertThat(status).as("exit status after SIGTERM; log: %s", nodes.get(1).log()).isZero();
        for (int survivor : List.of(0, 2)) {
            assertThat(unreadable(clients.get(survivor), written)).isEmpty();
        }
    }

    private void startCluster(int size) throws Exception {
        String clusterName = TestNodes.uniqueClusterName();
        List<Integer> memberPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            memberPorts.add(FreePorts.next());
        }
        String join = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            nodes.add(ForkedNode.start(clusterName, memberPorts.get(i), join, "node" + i));
        }
        await("forked nodes ready with " + size + " members").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nodes.stream().allMatch(n -> {
                    if (!n.isAlive()) {
                        throw new IllegalStateException("node exited during start; log: " + n.log());
                    }
                    return n.isReadyWith(size);
                }));
        nodes.forEach(n -> clients.add(new CacheTestClient(n.grpcPort())));
    }

    private static Map<String, String> writeKeys(CacheTestClient client) {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "key-" + i;
            String value = "value-" + i;
            assertThat(client.put(key, value).getApplied()).isTrue();
            written.put(key, value);
        }
        return written;
    }
}
