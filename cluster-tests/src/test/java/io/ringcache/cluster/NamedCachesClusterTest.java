package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Named caches declared in the config file, each with its own settings, on 3 nodes. */
class NamedCachesClusterTest {

    private static final int PER_NODE = 3000;
    private static final String CONFIG = """
            caches:
              sessions:
                default-ttl: 2s
              idle:
                max-idle: 2s
              bounded:
                max-entries-per-node: %d
                eviction: LRU
              capped:
                max-entries-per-node: 50
                eviction: NONE
              nearby:
                backups: 2
                read-from-backup: true
            """.formatted(PER_NODE);

    private static InJvmCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        Path config = Files.createDirectories(Path.of("target")).resolve("named-caches.yaml");
        Files.writeString(config, CONFIG);
        cluster = InJvmCluster.start(3, "--config=" + config.toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void defaultTtl_appliesToWritesThatGiveNone() {
        cluster.client(0).put(put("sessions", "s1", "v"));

        GetResponse read = cluster.client(1).get(get("sessions", "s1"));
        assertThat(read.getTtlRemainingMs()).isBetween(1L, 2000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.client(2).get(get("sessions", "s1")).getFound());
        cluster.client(0).put("s1", "v");
        assertThat(cluster.client(0).get("s1").getTtlRemainingMs()).as("the default cache keeps no TTL").isZero();
    }

    @Test
    void maxIdle_expiresUnreadEntries_andReadsKeepEntriesAlive() {
        cluster.client(0).put(put("idle", "read", "v"));
        cluster.client(0).put(put("idle", "unread", "v"));

        // Keep reading one key for longer than max-idle, without touching the other.
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(cluster.client(1).get(get("idle", "read")).getFound()).isTrue();
            return System.nanoTime() - start > Duration.ofMillis(3500).toNanos();
        });

        assertThat(cluster.client(2).get(get("idle", "unread")).getFound()).isFalse();
        assertThat(cluster.client(0).get(get("idle", "read")).getFound()).isTrue();
    }

    @Test
    void lruCache_underAWriteFlood_staysNearItsPerNodeLimit_andKeepsRecentlyReadKeys() {
        // Fill to about two thirds of the cluster's capacity (3 x limit) so nothing is evicted yet,
        // read the hot keys, then flood well past the limit.
        List<String> hot = IntStream.range(0, 300).mapToObj(i -> "hot-" + i).toList();
        putMany("bounded", hot);
        List<String> cold = IntStream.range(0, PER_NODE * 2).mapToObj(i -> "cold-" + i).toList();
        putMany("bounded", cold);
        // Hazelcast keeps access times in whole seconds: read the hot keys in a later second than
        // the cold writes, or LRU cannot tell them apart.
        long coldWrittenSecond = System.currentTimeMillis() / 1000;
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.currentTimeMillis() / 1000 > coldWrittenSecond);
        // Single reads: a batch read (GetMany) does not refresh recency (see README).
        for (int round = 0; round < 3; round++) {
            int node = round;
            hot.forEach(key -> cluster.client(node).get(get("bounded", key)));
        }
        putMany("bounded", IntStream.range(0, PER_NODE * 2).mapToObj(i -> "flood-" + i).toList());

        long most = IntStream.range(0, 3).mapToLong(node -> cluster.hazelcast(node)
                .getMap("ringcache.bounded").getLocalMapStats().getOwnedEntryCount()).max().orElseThrow();
        long hotKept = getMany("bounded", hot).stream().filter(GetResponse::getFound).count();
        long coldKept = getMany("bounded", cold.subList(0, 1000)).stream().filter(GetResponse::getFound).count();
        System.out.printf("[lru] limit %d per node: most held by a node %d; recently read kept %d/300, "
                + "older unread kept %d/1000%n", PER_NODE, most, hotKept, coldKept);
        // Hazelcast enforces the limit per partition (limit x members / partitions each): a node
        // may hold about one partition's share more, never more than 5% over.
        assertThat(most).isLessThanOrEqualTo(PER_NODE + PER_NODE / 20);
        assertThat(hotKept).isGreaterThanOrEqualTo(270);
        assertThat(hotKept / 300.0).isGreaterThan(coldKept / 1000.0 + 0.2);
    }

    @Test
    void noneCache_whenFull_refusesNewKeysButStillUpdatesExistingOnes() {
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            try {
                cluster.client(i % 3).put(put("capped", "c-" + i, "v"));
                accepted++;
            } catch (GrpcCallException e) {
                assertThat(e.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
                refused++;
            }
        }

        assertThat(refused).isPositive();
        assertThat(accepted).isLessThanOrEqualTo(150);
        for (int node = 0; node < 3; node++) {
            assertThat(cluster.hazelcast(node).getMap("ringcache.capped").getLocalMapStats().getOwnedEntryCount())
                    .isLessThanOrEqualTo(50);
        }
        assertThat(cluster.client(1).put(put("capped", "c-0", "updated")).getApplied()).isTrue();
    }

    @Test
    void readFromBackupCache_answersCorrectlyFromEveryNode() {
        for (int i = 0; i < 100; i++) {
            cluster.client(i % 3).put(put("nearby", "n-" + i, "v" + i));
        }
        for (int node = 0; node < 3; node++) {
            for (int i = 0; i < 100; i++) {
                GetResponse read = cluster.client(node).get(get("nearby", "n-" + i));
                assertThat(read.getValue().toStringUtf8()).isEqualTo("v" + i);
                assertThat(read.getVersion()).isEqualTo(1);
            }
        }
    }

    @Test
    void httpKeyApi_writesThroughOneNodeAndReadsThroughAnother() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String path = "/v1/caches/sessions/keys/via-http";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(0, path))
                .header("content-type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString("hello")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);

        HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri(2, path)).header("accept",
                "application/octet-stream").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.body()).isEqualTo("hello");

        JsonObject caches = new JsonObject(http.send(HttpRequest.newBuilder(uri(1, "/v1/caches"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(caches.getJsonArray("caches").stream().map(c -> ((JsonObject) c).getString("name")))
                .containsExactly("default", "sessions", "idle", "bounded", "capped", "nearby");
    }

    private static URI uri(int node, String path) {
        return URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path);
    }

    private static void putMany(String cache, List<String> keys) {
        for (int from = 0; from < keys.size(); from += 500) {
            PutManyRequest.Builder batch = PutManyRequest.newBuilder().setCache(cache);
            keys.subList(from, Math.min(keys.size(), from + 500)).forEach(key ->
                    batch.addEntries(Entry.newBuilder().setKey(bytes(key)).setValue(bytes("v"))));
            cluster.client(from / 500 % 3).putMany(batch.build());
        }
    }

    private static List<GetResponse> getMany(String cache, List<String> keys) {
        return cluster.client(1).call(CacheServiceGrpcClient.GetMany, GetManyRequest.newBuilder().setCache(cache)
                .addAllKeys(keys.stream().map(CacheTestClient::bytes).toList()).build()).getResultsList();
    }

    private static PutRequest put(String cache, String key, String value) {
        return PutRequest.newBuilder().setCache(cache).setKey(bytes(key)).setValue(bytes(value)).build();
    }

    private static GetRequest get(String cache, String key) {
        return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
    }
}
