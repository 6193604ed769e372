package io.ringcache.node.metrics;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PutRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code GET /metrics} moves as the operations say, read through a real HTTP client. */
class MetricsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @TempDir
    static Path dir;
    private static RingcacheNode node;
    private static CacheTestClient client;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("caches.yaml");
        Files.writeString(config, """
                caches:
                  small:
                    max-entries-per-node: 1000
                    eviction: LRU
                """);
        node = TestNodes.startSingleNode("--config=" + config);
        client = new CacheTestClient(node.grpcPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        Awaits.result(node.stop());
    }

    @Test
    void aMissAndAHit_countAsTheyHappen_withRequestsByOperationAndStatus() throws Exception {
        Scrape before = scrape();
        client.get("metrics-key");
        client.put("metrics-key", "v");
        client.get("metrics-key");
        Scrape after = scrape();

        assertThat(after.delta(before, "ringcache_cache_misses_total", "cache=\"default\"")).isEqualTo(1);
        assertThat(after.delta(before, "ringcache_cache_hits_total", "cache=\"default\"")).isEqualTo(1);
        assertThat(after.delta(before, "ringcache_requests_total",
                "cache=\"default\"", "operation=\"get\"", "status=\"OK\"")).isEqualTo(2);
        assertThat(after.delta(before, "ringcache_requests_total",
                "cache=\"default\"", "operation=\"put\"", "status=\"OK\"")).isEqualTo(1);
        assertThat(after.delta(before, "ringcache_request_duration_seconds_count", "operation=\"get\"")).isEqualTo(2);
        assertThat(after.value("ringcache_request_duration_seconds_bucket", "operation=\"get\"", "le=\"5.0\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(after.delta(before, "ringcache_keys_routed_total", "operation=\"get\"", "route=\"local\""))
                .as("a single node owns every key").isEqualTo(2);
        // Cache statistics are read from Hazelcast at most once a second.
        await("the entry counted").atMost(Duration.ofSeconds(5))
                .until(() -> scrape().value("ringcache_cache_entries", "cache=\"default\"") >= 1);
    }

    @Test
    void failures_countByStatus_andUnknownCachesShareOneLabel() throws Exception {
        Scrape before = scrape();
        assertThatThrownBy(() -> client.get(GetRequest.newBuilder().setCache("no-such-cache-" + System.nanoTime())
                .setKey(bytes("k")).build())).isInstanceOf(GrpcCallException.class);
        assertThatThrownBy(() -> client.put(PutRequest.newBuilder().setKey(bytes("")).setValue(bytes("v")).build()))
                .isInstanceOf(GrpcCallException.class);
        Scrape after = scrape();

        assertThat(after.delta(before, "ringcache_requests_total",
                "cache=\"_unknown\"", "operation=\"get\"", "status=\"CACHE_NOT_FOUND\"")).isEqualTo(1);
        assertThat(after.delta(before, "ringcache_requests_total",
                "cache=\"default\"", "operation=\"put\"", "status=\"INVALID_ARGUMENT\"")).isEqualTo(1);
        assertThat(after.text()).doesNotContain("no-such-cache");
    }

    @Test
    void expirationsAndEvictions_areCountedPerCache() throws Exception {
        client.put(PutRequest.newBuilder().setKey(bytes("short-lived")).setValue(bytes("v")).setTtlMs(50).build());
        await("the entry expired and was counted").atMost(Duration.ofSeconds(20)).until(() -> {
            client.get("short-lived"); // an expired entry is removed, and counted, when it is next touched
            return scrape().value("ringcache_cache_expirations_total", "cache=\"default\"") >= 1;
        });

        for (int i = 0; i < 3_000; i++) {
            client.put(PutRequest.newBuilder().setCache("small").setKey(bytes("e" + i)).setValue(bytes("v")).build());
        }
        await("evictions counted").atMost(Duration.ofSeconds(20))
                .until(() -> scrape().value("ringcache_cache_evictions_total", "cache=\"small\"") > 0);
    }

    @Test
    void clusterJvmAndEventLoopMetrics_arePresent() throws Exception {
        await("an event-loop delay sample").atMost(Duration.ofSeconds(10))
                .until(() -> scrape().value("ringcache_event_loop_delay_seconds_count") > 0);
        // GC pause timings exist only once a collection has run, which a short test JVM may not have done yet.
        System.gc();
        await("a GC pause recorded").atMost(Duration.ofSeconds(10))
                .until(() -> scrape().text().contains("jvm_gc_pause_seconds"));
        Scrape now = scrape();
        assertThat(now.value("ringcache_partitions_owned")).isEqualTo(271);
        assertThat(now.value("ringcache_cluster_members")).isEqualTo(1);
        assertThat(now.value("ringcache_migrations_active")).isZero();
        assertThat(now.text()).contains("ringcache_migrations_completed_total", "ringcache_partitions_lost_total",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds", "jvm_threads_live_threads", "process_cpu_usage");
    }

    private static Scrape scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new Scrape(response.body());
    }

    /** One scrape's text; values are summed over the series matching a name and some labels. */
    record Scrape(String text) {

        double value(String name, String... labels) {
            return text.lines()
                    .filter(line -> !line.startsWith("#"))
                    .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }

        double delta(Scrape before, String name, String... labels) {
            return value(name, labels) - before.value(name, labels);
        }
    }
}
