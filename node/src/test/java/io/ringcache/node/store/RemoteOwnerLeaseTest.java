package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An owner's refusal travels back to the member that sent the write: the lease's exception is
 * allowed through Hazelcast's Java deserialization filter. Before it was, the caller dropped the
 * error response and waited out Hazelcast's call timeout (60 s) for a write that was refused at once.
 */
class RemoteOwnerLeaseTest {

    private final List<RingcacheNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(node -> Awaits.result(node.stop(), 60));
    }

    @Test
    void aRemoteOwnersRefusal_reachesTheCallerAtOnce_asNotApplied() {
        List<List<String>> pair = TestNodes.clusterFlags(2);
        RingcacheNode first = start(pair.get(0));
        RingcacheNode second = start(pair.get(1));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> first.member().hazelcast().getPartitionService().isClusterSafe());
        CacheKey key = OwnedKeys.ownedBy(first, second, "remote-");
        new OwnerLease(() -> false, () -> true).install(second.member().hazelcast());

        long sentAt = System.nanoTime();
        assertThatThrownBy(() -> Awaits.result(first.store().put("", key, bytes("v"), 0, WriteCondition.ALWAYS, 0),
                10)).satisfies(thrown -> {
                    assertThat(thrown.getCause()).isInstanceOf(CacheException.class)
                            .hasMessageStartingWith("node not ready: the key's owner no longer hears a majority");
                    assertThat(((CacheException) thrown.getCause()).error()).isEqualTo(CacheError.UNAVAILABLE);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(10));
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
