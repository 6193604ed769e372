package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PutRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with a small heap (-Xmx128m) flooded with far more data than fits: a capped LRU cache
 * evicts, a capped cache that evicts nothing refuses with RESOURCE_EXHAUSTED, an uncapped
 * cache is stopped by the heap limit, and the JVM never runs out of memory.
 */
class ResourceLimitsIT {

    private static final String CONFIG = """
            caches:
              lru:
                max-heap-per-node: 24mb
                eviction: LRU
              capped:
                max-heap-per-node: 24mb
                eviction: NONE
            """;
    private static final String VALUE = "v".repeat(64 * 1024);

    private ForkedNode node;
    private CacheTestClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void floodingASmallHeap_evictsOrRefusesPerPolicy_andNeverRunsOutOfMemory() throws Exception {
        Path config = Files.createDirectories(Path.of("target")).resolve("resource-limits.yaml");
        Files.writeString(config, CONFIG);
        int memberPort = FreePorts.next();
        node = ForkedNode.start(TestNodes.uniqueClusterName(), memberPort, "127.0.0.1:" + memberPort, "small-heap",
                List.of("-Xmx128m"), List.of("--config=" + config.toAbsolutePath(), "--backups=0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!node.isAlive()) {
                throw new IllegalStateException("node exited; log: " + Files.readString(node.log()));
            }
            return node.isReadyWith(1);
        });
        client = new CacheTestClient(node.grpcPort());

        // 3000 x 64 kB = 190 MB into each cache, one and a half heaps.
        Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
        for (String cache : List.of("lru", "capped", "default")) {
            Map<String, Integer> counts = new TreeMap<>();
            for (int i = 0; i < 3000; i++) {
                String outcome;
                try {
                    client.put(PutRequest.newBuilder().setCache(cache).setKey(bytes(cache + "-" + i))
                            .setValue(bytes(VALUE)).build());
                    outcome = "OK";
                } catch (GrpcCallException e) {
                    outcome = e.status().name();
                }
                counts.merge(outcome, 1, Integer::sum);
            }
            outcomes.put(cache, counts);
            assertThat(node.isAlive()).as("node alive after flooding %s; log %s", cache, node.log()).isTrue();
        }
        System.out.printf("[resource limits] -Xmx128m, 3000 x 64 kB per cache: %s%n", outcomes);

        assertThat(outcomes.get("lru")).containsOnlyKeys("OK");
        assertThat(outcomes.get("capped")).containsOnlyKeys("OK", "RESOURCE_EXHAUSTED");
        assertThat(outcomes.get("default")).containsOnlyKeys("OK", "RESOURCE_EXHAUSTED");
        long lruKept = IntStream.range(0, 3000).filter(i -> client.get(
                GetRequest.newBuilder().setCache("lru").setKey(bytes("lru-" + i)).build()).getFound()).count();
        System.out.printf("[resource limits] the LRU cache kept %d of 3000 entries (24 MB cap)%n", lruKept);
        assertThat(lruKept).as("entries the capped LRU cache kept").isBetween(1L, 600L);
        client.delete("default-0");
        assertThat(Files.readString(node.log())).doesNotContain("OutOfMemoryError");
        assertThat(node.isReadyWith(1)).isTrue();
    }
}
