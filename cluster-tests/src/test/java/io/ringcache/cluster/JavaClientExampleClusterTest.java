package io.ringcache.cluster;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.Codec;
import io.ringcache.client.NearCacheSettings;
import io.ringcache.client.PutOptions;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.TypedCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java client example, run as written against two in-JVM nodes (only the seeds differ). */
class JavaClientExampleClusterTest {

    private static InJvmCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = InJvmCluster.start(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theReadmeExample_runs_andReadsItsOwnWrite() throws Exception {
        String seed1 = "127.0.0.1:" + cluster.node(0).grpcPort();
        String seed2 = "127.0.0.1:" + cluster.node(1).grpcPort();
        String printed;
        try (RingcacheClient client = RingcacheClient.builder()
                .seeds(seed1, seed2)
                .token(System.getenv("RINGCACHE_TOKEN"))
                .nearCache("default", NearCacheSettings.maxEntries(10_000))
                .connect().toCompletableFuture().get()) {
            AsyncCache cache = client.cache();
            cache.put("greeting", "hello", PutOptions.always().ttl(Duration.ofMinutes(5))).toCompletableFuture().get();
            printed = cache.blocking().get("greeting").valueAsString();
            TypedCache<String, String> text = cache.with(Codec.utf8(), Codec.utf8());
            assertThat(text.get("greeting").toCompletableFuture().get()).contains("hello");
        }
        assertThat(printed).isEqualTo("hello");
    }

    @Test
    void theReadmeShowsTheSameExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(
                ".nearCache(\"default\", NearCacheSettings.maxEntries(10_000))",
                "cache.put(\"greeting\", \"hello\", PutOptions.always().ttl(Duration.ofMinutes(5))).toCompletableFuture().get();",
                "System.out.println(cache.blocking().get(\"greeting\").valueAsString());",
                "TypedCache<String, String> text = cache.with(Codec.utf8(), Codec.utf8());");
    }
}
