package io.ringcache.client;

import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.TopologyResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static final String[] NODES = {"node-0:7070", "node-1:7070", "node-2:7070"};
    private final AtomicLong now = new AtomicLong(1_000);
    private final Router router = new Router(List.of("seed:7070"), now::get, 100);

    @Test
    void keySlots_matchRedisClusterAndTheProtoTestVector() {
        byte[] check = "123456789".getBytes(StandardCharsets.UTF_8);
        assertThat(KeySlots.crc16(check, 0, check.length)).isEqualTo(0x31C3);
        assertThat(KeySlots.slot(bytes("foo"))).isEqualTo(12182);
        assertThat(KeySlots.slot(bytes("{user1000}.following"))).isEqualTo(KeySlots.slot(bytes("user1000")));
    }

    @Test
    void withoutTopology_everyKeyGoesToASeed() {
        assertThat(router.addressOf(bytes("a"))).isEqualTo("seed:7070");
        assertThat(router.topology().epoch()).isZero();
    }

    @Test
    void slotRanges_sendEachKeyToItsOwner() {
        router.update(ClientTopology.of(Topologies.even(7, NODES)));

        for (int slot : new int[] {0, 5460, 5461, 10921, 10922, 16383}) {
            assertThat(router.addressOfSlot(slot)).isEqualTo(NODES[slot <= 5460 ? 0 : slot <= 10921 ? 1 : 2]);
        }
        assertThat(router.topology().epoch()).isEqualTo(7);
    }

    @Test
    void perSlotOwners_areUsedWhenTheNodeSendsNoRanges_andTheGrpcEndpointWins() {
        TopologyResponse.Builder topology = TopologyResponse.newBuilder().setEpoch(3)
                .addMembers(Member.newBuilder().setGrpcAddress("old:1").putEndpoints("grpc", "new:1"))
                .addMembers(Member.newBuilder().setGrpcAddress("other:1"));
        for (int slot = 0; slot < KeySlots.COUNT; slot++) {
            topology.addSlotOwners(slot % 2);
        }
        ClientTopology parsed = ClientTopology.of(topology.build());

        assertThat(parsed.ownerAddress(0)).isEqualTo("new:1");
        assertThat(parsed.ownerAddress(1)).isEqualTo("other:1");
    }

    @Test
    void anAvoidedOwner_sendsItsKeysToAnotherMember_untilTheAvoidanceExpires() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
        router.avoid(NODES[0]);

        assertThat(router.addressOfSlot(0)).isIn(NODES[1], NODES[2]);
        now.addAndGet(100);
        assertThat(router.addressOfSlot(0)).isEqualTo(NODES[0]);
    }

    @Test
    void aMemberThatLeaves_isDropped_andItsKeysGoToTheNextOwner() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
        String key = Topologies.keyOwnedBy(NODES[2], "k", NODES);
        assertThat(router.addressOf(bytes(key))).isEqualTo(NODES[2]);

        router.update(ClientTopology.of(Topologies.even(2, NODES[0], NODES[1])));

        assertThat(router.addressOf(bytes(key))).isEqualTo(Topologies.ownerIn(key, NODES[0], NODES[1]));
        assertThat(router.watchCandidates()).containsExactly(NODES[0], NODES[1], "seed:7070");
    }

    @Test
    void split_groupsKeyIndexesByOwner_inOrderOfFirstAppearance() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
        String a = Topologies.keyOwnedBy(NODES[0], "a", NODES);
        String b = Topologies.keyOwnedBy(NODES[1], "b", NODES);
        String c = Topologies.keyOwnedBy(NODES[2], "c", NODES);

        Map<String, List<Integer>> parts = router.split(List.of(bytes(b), bytes(a), bytes(b), bytes(c), bytes(a)));

        assertThat(parts).containsExactly(Map.entry(NODES[1], List.of(0, 2)), Map.entry(NODES[0], List.of(1, 4)),
                Map.entry(NODES[2], List.of(3)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
