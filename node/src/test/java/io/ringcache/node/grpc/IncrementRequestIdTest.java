package io.ringcache.node.grpc;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Increment request ids on real members: a repeated id counts once, on the owner and on a
 * backup promoted after the owner crashed; a member that received the partition by migration
 * refuses a retry it cannot vouch for instead of counting it.
 */
class IncrementRequestIdTest {

    private final List<RingcacheNode> nodes = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(CacheTestClient::close);
        nodes.forEach(node -> Awaits.result(node.terminate(), 60));
    }

    @Test
    void aRepeatedId_answersTheFirstResult_andCountsOnce() {
        CacheTestClient client = client(start(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "")));

        IncrementResponse first = client.increment(increment("c", 5, "id-1", false));
        IncrementResponse again = client.increment(increment("c", 5, "id-1", true));
        IncrementResponse sameIdNoFlag = client.increment(increment("c", 5, "id-1", false));
        IncrementResponse otherId = client.increment(increment("c", 5, "id-2", false));
        IncrementResponse noId = client.increment("c", 5);

        assertThat(again).isEqualTo(first);
        assertThat(sameIdNoFlag).isEqualTo(first);
        assertThat(first.getValue()).isEqualTo(5);
        assertThat(otherId.getValue()).isEqualTo(10);
        assertThat(noId.getValue()).isEqualTo(15);
        assertThat(client.get("c").getValue().toStringUtf8()).isEqualTo("15");
    }

    @Test
    void theSameId_onAnotherKey_isAnotherIncrement() {
        CacheTestClient client = client(start(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "")));

        client.increment(increment("a", 1, "shared", false));
        assertThat(client.increment(increment("b", 1, "shared", true)).getValue()).isEqualTo(1);
        assertThat(client.get("a").getValue().toStringUtf8()).isEqualTo("1");
    }

    @Test
    void aRetriedUnknownId_onAMemberTheWholeWindow_isApplied() {
        CacheTestClient client = client(start(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "")));

        // The first attempt never reached an owner: this member, owner since the cluster began, would know it.
        assertThat(client.increment(increment("c", 1, "lost-on-the-way", true)).getValue()).isEqualTo(1);
    }

    @Test
    void aRememberedId_survivesTheOwnersCrash_onThePromotedBackup() {
        List<List<String>> pair = TestNodes.clusterFlags(2);
        RingcacheNode first = start(pair.get(0));
        RingcacheNode second = start(pair.get(1));
        CacheTestClient onFirst = client(first);
        await().atMost(Duration.ofSeconds(60)).until(() -> everySlotHasABackup(onFirst.topology()));
        String key = keyOwnedBy(onFirst.topology(), second.grpcPort());

        IncrementResponse counted = onFirst.increment(increment(key, 7, "before-the-crash", false));
        Awaits.result(second.terminate(), 60);
        nodes.remove(second);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                onFirst.increment(increment(key, 7, "before-the-crash", true)).equals(counted));
        assertThat(onFirst.get(key).getValue().toStringUtf8()).isEqualTo("7");
    }

    @Test
    void aRetry_onAMemberThatReceivedThePartitionByMigration_isRefused_notCounted() {
        List<List<String>> pair = TestNodes.clusterFlags(2);
        RingcacheNode first = start(pair.get(0));
        CacheTestClient onFirst = client(first);
        // Counted on the first member, before the second exists: the id stays in the first's memory.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add("k" + i);
            onFirst.increment(increment("k" + i, 1, "id-k" + i, false));
        }

        RingcacheNode second = start(pair.get(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> everySlotHasABackup(onFirst.topology()));
        String moved = keys.stream().filter(key -> ownerPort(onFirst.topology(), key) == second.grpcPort())
                .findFirst().orElseThrow();

        assertThat(onFirst.statusOf(() -> onFirst.increment(increment(moved, 1, "id-" + moved, true))))
                .isEqualTo(GrpcStatus.FAILED_PRECONDITION);
        assertThat(onFirst.statusOf(() -> onFirst.increment(increment(moved, 1, "never-seen", true))))
                .isEqualTo(GrpcStatus.FAILED_PRECONDITION);
        assertThat(onFirst.get(moved).getValue().toStringUtf8()).isEqualTo("1");
        // A first attempt is always applied.
        assertThat(onFirst.increment(increment(moved, 1, "fresh", false)).getValue()).isEqualTo(2);
    }

    private static IncrementRequest increment(String key, long delta, String id, boolean retry) {
        return IncrementRequest.newBuilder().setKey(CacheTestClient.bytes(key)).setDelta(delta).setRequestId(id)
                .setRetry(retry).build();
    }

    private static boolean everySlotHasABackup(TopologyResponse topology) {
        return topology.getMembersCount() >= 2 && topology.getSlotRangesList().stream()
                .allMatch(range -> range.getOwner() >= 0 && range.getBackupsCount() > 0 && range.getBackups(0) >= 0);
    }

    private static int ownerPort(TopologyResponse topology, String key) {
        int slot = Slots.slot(key.getBytes(StandardCharsets.UTF_8));
        for (SlotRange range : topology.getSlotRangesList()) {
            if (slot >= range.getFirstSlot() && slot <= range.getLastSlot()) {
                String address = topology.getMembers(range.getOwner()).getGrpcAddress();
                return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            }
        }
        throw new IllegalStateException("no owner for slot " + slot);
    }

    private static String keyOwnedBy(TopologyResponse topology, int grpcPort) {
        for (int i = 0; ; i++) {
            if (ownerPort(topology, "owned-" + i) == grpcPort) {
                return "owned-" + i;
            }
        }
    }

    private RingcacheNode start(List<String> flags) {
        RingcacheNode node = TestNodes.startNode(TestNodes.config(flags));
        nodes.add(node);
        return node;
    }

    private CacheTestClient client(RingcacheNode node) {
        CacheTestClient client = new CacheTestClient(node.grpcPort());
        clients.add(client);
        return client;
    }
}
