package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --join=dns:NAME}: three forked nodes on 127.0.0.2-4, one member port, and a name
 * that resolves to all three addresses (a hosts file stands in for a Kubernetes headless
 * Service or a compose service), started at once, form one cluster.
 */
class DnsJoinIT {

    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final String NAME = "ringcache-members.test";

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
    void nodesJoinedByOneDnsName_formOneClusterThatServesEveryKeyFromEveryNode() throws Exception {
        Path hosts = Files.createDirectories(Path.of("target")).resolve("dns-join-hosts");
        StringBuilder lines = new StringBuilder();
        ADDRESSES.forEach(address -> lines.append(address).append(' ').append(NAME).append('\n'));
        Files.writeString(hosts, lines);
        String clusterName = TestNodes.uniqueClusterName();
        int memberPort = FreePorts.next();

        for (String address : ADDRESSES) {
            nodes.add(ForkedNode.start(clusterName, memberPort, "dns:" + NAME, address,
                    List.of("-Djdk.net.hosts.file=" + hosts.toAbsolutePath()),
                    List.of("--bind-host=" + address, "--advertise-host=" + address, "--join-wait=2s")));
        }
        await("three nodes joined by DNS").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> nodes.stream().allMatch(n -> {
                    if (!n.isAlive()) {
                        throw new IllegalStateException("node exited during start; log: " + n.log());
                    }
                    return n.isReadyWith(3);
                }));
        nodes.forEach(n -> clients.add(new CacheTestClient(n.host(), n.grpcPort())));

        for (int i = 0; i < 100; i++) {
            clients.get(i % 3).put("dns-key-" + i, "v" + i);
        }
        for (CacheTestClient client : clients) {
            for (int i = 0; i < 100; i++) {
                assertThat(client.get("dns-key-" + i).getValue().toStringUtf8()).isEqualTo("v" + i);
            }
        }
    }
}
