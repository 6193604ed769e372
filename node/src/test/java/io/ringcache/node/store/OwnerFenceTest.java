package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.config.QuorumSpec;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.Awaits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.ringcache.node.testing.TestNodes.startSingleNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The owner checks a cache's lost-partition fence again before it applies a write: a write the
 * taking node let through (it had not seen the loss yet, or Hazelcast retried the write onto
 * the partition's new, empty owner) is refused there, unapplied. The node runs alone; the fence
 * its owner side sees is installed by hand, with one partition lost, while the taking side's
 * own records know of no loss.
 */
class OwnerFenceTest {

    private static final String FENCED = "fenced";
    /** Also linearizable-reads: its reads run on the owner, which checks the fence for them too. */
    private static final String FENCED_LEDGER = "fencedledger";
    private static final Duration SETTLE = Duration.ofSeconds(4);

    private static RingcacheNode node;
    private static CrashedCopies crashedCopies;
    private static int lostPartition;

    @BeforeAll
    static void start() throws IOException {
        Path config = Files.createTempFile("owner-fence", ".yaml");
        Files.writeString(config, "caches:\n  " + FENCED + ":\n    lost-partition-fence: 30s\n  " + FENCED_LEDGER
                + ":\n    lost-partition-fence: 30s\n    linearizable-reads: true\n");
        node = startSingleNode("--config=" + config);
        HazelcastInstance hazelcast = node.member().hazelcast();
        SlotLayout layout = SlotPartitions.layoutOf(hazelcast);
        LostPartitions lost = new LostPartitions(node.config().lostDataWindow(), Duration.ofSeconds(30));
        crashedCopies = CrashedCopies.following(hazelcast, new ClusterQuorum(QuorumSpec.parse("off"), SETTLE),
                node.config().caches().values(), lost, SETTLE);
        lostPartition = layout.partitionOf(Slots.slot(bytes("in-the-lost-partition")));
        lost.recordLoss(FENCED, lostPartition);
        lost.recordLoss(FENCED_LEDGER, lostPartition);
        lost.recordLoss("default", lostPartition);
        new OwnerFence(new PartitionLosses(lost, crashedCopies), node.config().caches().values(), layout)
                .install(hazelcast);
    }

    @AfterAll
    static void stop() {
        crashedCopies.close();
        Awaits.result(node.stop());
    }

    @Test
    void writesToALostPartition_areRefusedByItsOwner_inAFencedCacheOnly() {
        CacheStore store = node.store();
        CacheKey lostKey = CacheKey.of(bytes("in-the-lost-partition"));

        assertRefused(() -> Awaits.result(store.put(FENCED, lostKey, bytes("v"), 0, WriteCondition.IF_ABSENT, 0)));
        assertRefused(() -> Awaits.result(store.increment(FENCED, CacheKey.of(lostKey.bytes()), 1, 0, 0)));
        assertRefused(() -> Awaits.result(store.putMany(FENCED, List.of(CacheKey.of(lostKey.bytes())),
                List.of(bytes("v")), 0)));
        assertRefused(() -> Awaits.result(store.deleteMany(FENCED, List.of(CacheKey.of(lostKey.bytes())))));
        assertThat(Awaits.result(store.get(FENCED, CacheKey.of(lostKey.bytes()))).found())
                .as("nothing was written").isFalse();

        assertThat(Awaits.result(store.put("", CacheKey.of(lostKey.bytes()), bytes("v"), 0,
                WriteCondition.ALWAYS, 0)).version()).as("a cache without a fence writes").isEqualTo(1);
        CacheKey elsewhere = keyOutside(lostPartition);
        assertThat(Awaits.result(store.put(FENCED, elsewhere, bytes("v"), 0, WriteCondition.ALWAYS, 0)).version())
                .as("the fenced cache's other partitions write").isEqualTo(1);
    }

    @Test
    void readsOfALostPartition_areRefusedByItsOwner_inALinearizableReadsCache() {
        CacheStore store = node.store();

        assertRefused(FENCED_LEDGER, () -> Awaits.result(store.get(FENCED_LEDGER,
                CacheKey.of(bytes("in-the-lost-partition")))));
        assertRefused(FENCED_LEDGER, () -> Awaits.result(store.getMany(FENCED_LEDGER,
                List.of(CacheKey.of(bytes("in-the-lost-partition")), keyOutside(lostPartition)))));
        assertThat(Awaits.result(store.get(FENCED_LEDGER, keyOutside(lostPartition))).found())
                .as("the cache's other partitions read").isFalse();
    }

    private static CacheKey keyOutside(int partition) {
        SlotLayout layout = SlotPartitions.layoutOf(node.member().hazelcast());
        while (true) {
            byte[] key = bytes("elsewhere-" + UUID.randomUUID());
            if (layout.partitionOf(Slots.slot(key)) != partition) {
                return CacheKey.of(key);
            }
        }
    }

    private static void assertRefused(Runnable write) {
        assertRefused(FENCED, write);
    }

    private static void assertRefused(String cache, Runnable write) {
        assertThatThrownBy(write::run).satisfies(thrown -> {
            Throwable cause = thrown;
            while (cause != null && !(cause instanceof CacheException)) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(CacheException.class)
                    .hasMessageStartingWith("node not ready: partition " + lostPartition + " of cache '" + cache + "'");
            assertThat(((CacheException) cause).error()).isEqualTo(CacheError.UNAVAILABLE);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
