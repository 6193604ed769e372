package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A cache with {@code lost-partition-fence} refuses the keys of a partition that lost every
 * copy, reads and writes, until the fence has passed, so that a split healing within it merges
 * the other side's copies back into an untouched partition (NemesesContainerIT and
 * SplitBrainContainerIT show that part). Here the loss is a crash with no backups, which loses
 * the crashed member's partitions for certain; a cache without the fence, the control, answers
 * the lost key at once as a miss flagged possibly_lost.
 */
class LostPartitionFenceClusterTest {

    private static final String FENCED = "fenced";
    private static final String PLAIN = "plain";
    private static final Duration FENCE = Duration.ofSeconds(15);

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aLostPartitionsKeys_areRefusedForTheFence_thenServedAgain() throws Exception {
        Path config = Files.createDirectories(Path.of("target")).resolve("lost-partition-fence.yaml");
        Files.writeString(config, "caches:\n  " + FENCED + ":\n    backups: 0\n    lost-partition-fence: "
                + FENCE.toSeconds() + "s\n  " + PLAIN + ":\n    backups: 0\n");
        cluster = InJvmCluster.start(3, "--config=" + config.toAbsolutePath());
        String lostKey = keyOwnedBy(node -> node == 2);
        String keptKey = keyOwnedBy(node -> node != 2);
        CacheTestClient survivor = cluster.client(0);
        for (String cache : new String[]{FENCED, PLAIN}) {
            survivor.put(put(cache, lostKey, "before"));
        }
        survivor.put(put(FENCED, keptKey, "kept"));

        long crashedAt = System.nanoTime();
        cluster.terminate(2);
        cluster.awaitMembers(2);

        await("the fenced cache refuses the lost key").atMost(Duration.ofSeconds(10))
                .ignoreException(GrpcCallException.class)
                .until(() -> refusedByFence(() -> survivor.get(get(FENCED, lostKey))));
        assertThat(refusedByFence(() -> cluster.client(1).put(put(FENCED, lostKey, "during"))))
                .as("a write of the lost key").isTrue();
        assertThat(refusedByFence(() -> survivor.call(CacheServiceGrpcClient.GetMany, GetManyRequest.newBuilder()
                .setCache(FENCED).addKeys(bytes(keptKey)).addKeys(bytes(lostKey)).build())))
                .as("a batch with the lost key").isTrue();
        assertThat(survivor.get(get(FENCED, keptKey)).getValue().toStringUtf8())
                .as("a key of a partition that kept its copy").isEqualTo("kept");
        GetResponse unfenced = survivor.get(get(PLAIN, lostKey));
        assertThat(unfenced.getFound()).as("the control answers at once").isFalse();
        assertThat(unfenced.getPossiblyLost()).isTrue();

        await("the lost key writable again after the fence").atMost(FENCE.plusSeconds(45))
                .pollInterval(Duration.ofMillis(250)).ignoreException(GrpcCallException.class)
                .until(() -> survivor.put(put(FENCED, lostKey, "after")).getVersion() > 0);
        assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).as("refused for at least the fence")
                .isGreaterThanOrEqualTo(FENCE);
        // Each node counts the fence from its own sighting of the loss: node 1 may lift it a moment later.
        await("node 1 serves the new value too").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).ignoreException(GrpcCallException.class)
                .until(() -> cluster.client(1).get(get(FENCED, lostKey)).getValue().toStringUtf8().equals("after"));
    }

    private static boolean refusedByFence(Runnable call) {
        try {
            call.run();
            return false;
        } catch (GrpcCallException e) {
            assertThat(e.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
            assertThat(e.getMessage()).contains("node not ready: partition").contains("lost-partition-fence");
            return true;
        }
    }

    private String keyOwnedBy(IntPredicate owner) {
        return IntStream.range(0, 10_000).mapToObj(i -> "fence-" + i)
                .filter(key -> owner.test(cluster.ownerOf(key))).findFirst().orElseThrow();
    }

    private static GetRequest get(String cache, String key) {
        return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
    }

    private static PutRequest put(String cache, String key, String value) {
        return PutRequest.newBuilder().setCache(cache).setKey(bytes(key)).setValue(bytes(value)).build();
    }
}
