package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.PartitionTables;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.config.QuorumSpec;
import io.ringcache.node.routing.Router;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A read of a key whose owner has gone silent is answered from a backup copy, except in a
 * {@code linearizable-reads} cache: there the backup can lack writes its cut-off owner applied
 * (unconfirmed, so unknown to their callers) that a confirmed read through another node already
 * answered once the partition had a new backup, and answering the older copy made a read go
 * back in time (a one-way cut in NemesesContainerIT: version 19, then 15, 54 ms apart). Two
 * in-JVM members; the first member's store is built with a router that takes the second for
 * silent, as a member that no longer hears it would.
 */
class SilentOwnerReadsTest {

    private static final String LINEARIZABLE = "ledger";
    private static final Duration SILENCE = Duration.ofSeconds(4);

    private final List<RingcacheNode> nodes = new ArrayList<>();
    private Vertx vertx;
    private CrashedCopies crashedCopies;

    @AfterEach
    void stop() {
        if (crashedCopies != null) {
            crashedCopies.close();
        }
        if (vertx != null) {
            Awaits.result(vertx.close());
        }
        nodes.forEach(node -> Awaits.result(node.stop(), 60));
    }

    @Test
    void aSilentOwnersKey_isReadFromTheBackup_butNotInALinearizableReadsCache() throws IOException {
        Path config = Files.createTempFile("silent-owner", ".yaml");
        Files.writeString(config, "caches:\n  " + LINEARIZABLE + ":\n    linearizable-reads: true\n");
        List<List<String>> pair = TestNodes.clusterFlags(2, "--config=" + config);
        RingcacheNode first = start(pair.get(0));
        RingcacheNode second = start(pair.get(1));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> first.member().hazelcast().getPartitionService().isClusterSafe());
        CacheKey key = OwnedKeys.ownedBy(first, second, "silent-");
        Awaits.result(first.store().put("", key, bytes("v"), 0, WriteCondition.ALWAYS, 0));
        Awaits.result(first.store().put(LINEARIZABLE, key, bytes("v"), 0, WriteCondition.ALWAYS, 0));

        HazelcastCacheStore seesOwnerSilent = storeOf(first, second.member().hazelcast().getCluster()
                .getLocalMember().getUuid());

        // A key routes once per request: new instances, routed by the silent-owner router.
        assertThat(Awaits.result(seesOwnerSilent.get("", CacheKey.of(key.bytes()))).value())
                .as("the default cache reads the first member's backup copy").isEqualTo(bytes("v"));
        assertThatThrownBy(() -> Awaits.result(seesOwnerSilent.get(LINEARIZABLE, CacheKey.of(key.bytes()))))
                .satisfies(thrown -> {
                    assertThat(thrown.getCause()).isInstanceOf(CacheException.class)
                            .hasMessageStartingWith("node not ready: the key's owner");
                    assertThat(((CacheException) thrown.getCause()).error()).isEqualTo(CacheError.UNAVAILABLE);
                });
    }

    /** A second store over {@code member}'s Hazelcast, whose router takes {@code silent} for silent. */
    private HazelcastCacheStore storeOf(RingcacheNode member, UUID silent) {
        HazelcastInstance hazelcast = member.member().hazelcast();
        vertx = Vertx.vertx();
        LostPartitions lost = new LostPartitions(member.config().lostDataWindow(), Duration.ZERO);
        crashedCopies = CrashedCopies.following(hazelcast, new ClusterQuorum(QuorumSpec.parse("off"), SILENCE),
                member.config().caches().values(), lost, SILENCE);
        Router router = new Router(new PartitionTables(hazelcast, SlotPartitions.layoutOf(hazelcast)),
                silent::equals);
        return new HazelcastCacheStore(vertx, hazelcast, member.config(), router, lost, crashedCopies, SILENCE,
                () -> true, () -> true);
    }

    private RingcacheNode start(List<String> flags) {
        RingcacheNode node = TestNodes.startNode(TestNodes.config(flags));
        nodes.add(node);
        return node;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
