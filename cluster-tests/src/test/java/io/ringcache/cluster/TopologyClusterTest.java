package io.ringcache.cluster;

import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Topology and WatchTopology: what smart clients route by. */
class TopologyClusterTest {

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void stableCluster_everyNodeGivesTheSameTopology_andItNamesEachKeysRealOwner() {
        cluster = InJvmCluster.start(3);
        List<TopologyResponse> answers = List.of(cluster.client(0).topology(), cluster.client(1).topology(),
                cluster.client(2).topology());

        TopologyResponse first = answers.get(0);
        assertThat(first.getMembersCount()).isEqualTo(3);
        assertThat(first.getSlotOwnersCount()).isEqualTo(Slots.COUNT);
        assertThat(first.getBackupsPerSlot()).isEqualTo(1);
        for (int node = 0; node < 3; node++) {
            TopologyResponse answer = answers.get(node);
            assertThat(answer.getEpoch()).isEqualTo(first.getEpoch());
            assertThat(answer.getSlotOwnersList()).isEqualTo(first.getSlotOwnersList());
            assertThat(answer.getSlotBackupsList()).isEqualTo(first.getSlotBackupsList());
            List<Member> self = answer.getMembersList().stream().filter(Member::getSelf).toList();
            assertThat(self).hasSize(1);
            assertThat(self.get(0).getGrpcAddress()).isEqualTo("127.0.0.1:" + cluster.node(node).grpcPort());
            assertThat(self.get(0).getHttpAddress()).isEqualTo("127.0.0.1:" + cluster.node(node).httpPort());
            assertThat(self.get(0).getEndpointsMap()).containsEntry("resp", "127.0.0.1:" + cluster.node(node).respPort());
            for (Member member : answer.getMembersList()) {
                // Every endpoint by name, the two named fields among them.
                assertThat(member.getEndpointsMap()).as("endpoints of %s", member.getId())
                        .containsOnlyKeys("grpc", "http", "resp")
                        .containsEntry("grpc", member.getGrpcAddress())
                        .containsEntry("http", member.getHttpAddress());
            }
        }
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            assertThat(first.getSlotOwners(slot)).isBetween(0, 2);
            assertThat(first.getSlotBackups(slot)).isBetween(0, 2).isNotEqualTo(first.getSlotOwners(slot));
        }
        assertRangesMatchSlots(first);
        assertThat(first.getSlotRangesCount()).as("at most one range per partition").isBetween(3, 271);
        for (TopologyResponse answer : answers) {
            assertThat(answer.getSlotRangesList()).isEqualTo(first.getSlotRangesList());
        }

        for (int i = 0; i < 200; i++) {
            String key = "routed-" + i;
            int slot = Slots.slot(key.getBytes(StandardCharsets.UTF_8));
            Member owner = first.getMembers(first.getSlotOwners(slot));
            int ownerNode = cluster.ownerOf(key);
            assertThat(owner.getGrpcAddress()).as("owner of %s", key)
                    .isEqualTo("127.0.0.1:" + cluster.node(ownerNode).grpcPort());
            // A client routing by slot reaches the owner, which answers for the key.
            cluster.client(ownerNode).put(key, "v");
            assertThat(cluster.client(ownerNode).get(key).getFound()).isTrue();
        }
    }

    @Test
    void aSingleNode_givesOneRangeOfEverySlot_withItsBackupUnassigned() {
        cluster = InJvmCluster.start(1);
        TopologyResponse topology = cluster.client(0).topology();

        assertRangesMatchSlots(topology);
        assertThat(topology.getSlotRangesList()).singleElement().satisfies(range -> {
            assertThat(range.getFirstSlot()).isZero();
            assertThat(range.getLastSlot()).isEqualTo(Slots.COUNT - 1);
            assertThat(range.getOwner()).isZero();
            assertThat(range.getBackupsList()).containsExactly(-1);
        });
    }

    /**
     * The ranges cover 0..16383 exactly once, in order, agree with slot_owners and slot_backups
     * slot by slot, and no two neighbours have the same replicas (they would have been merged).
     */
    private static void assertRangesMatchSlots(TopologyResponse topology) {
        int backups = topology.getBackupsPerSlot();
        int nextSlot = 0;
        SlotRange previous = null;
        for (SlotRange range : topology.getSlotRangesList()) {
            assertThat(range.getFirstSlot()).as("ranges follow each other").isEqualTo(nextSlot);
            assertThat(range.getLastSlot()).isGreaterThanOrEqualTo(range.getFirstSlot());
            assertThat(range.getBackupsCount()).isEqualTo(backups);
            for (int slot = range.getFirstSlot(); slot <= range.getLastSlot(); slot++) {
                assertThat(topology.getSlotOwners(slot)).as("owner of slot %d", slot).isEqualTo(range.getOwner());
                for (int b = 0; b < backups; b++) {
                    assertThat(topology.getSlotBackups(slot * backups + b)).as("backup %d of slot %d", b, slot)
                            .isEqualTo(range.getBackups(b));
                }
            }
            if (previous != null) {
                assertThat(previous.getOwner() == range.getOwner()
                        && previous.getBackupsList().equals(range.getBackupsList()))
                        .as("neighbours at slot %d have different replicas", range.getFirstSlot()).isFalse();
            }
            previous = range;
            nextSlot = range.getLastSlot() + 1;
        }
        assertThat(nextSlot).as("the ranges end at the last slot").isEqualTo(Slots.COUNT);
    }

    @Test
    void epoch_changesWhenAMemberJoinsAndWhenOneLeaves_andEveryNodeAgrees() {
        cluster = InJvmCluster.start(2, 3);
        long twoMembers = cluster.client(0).topology().getEpoch();

        cluster.addNode();
        cluster.awaitMembers(3);
        cluster.awaitClusterSafe();
        await("all three agree on a new epoch").atMost(Duration.ofSeconds(10)).until(() -> {
            long epoch = cluster.client(0).topology().getEpoch();
            return epoch != twoMembers && cluster.client(1).topology().getEpoch() == epoch
                    && cluster.client(2).topology().getEpoch() == epoch
                    && cluster.client(2).topology().getMembersCount() == 3;
        });
        long threeMembers = cluster.client(0).topology().getEpoch();

        cluster.stopGracefully(1);
        cluster.awaitMembers(2);
        await("epoch changes when a member leaves").atMost(Duration.ofSeconds(10)).until(() ->
                cluster.client(0).topology().getEpoch() != threeMembers
                        && cluster.client(0).topology().getEpoch() == cluster.client(2).topology().getEpoch());
    }

    @Test
    void watch_pushesTheCurrentTopologyThenEachChange_andEndsWhenTheNodeShutsDown() throws Exception {
        cluster = InJvmCluster.start(2, 3);
        List<TopologyResponse> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<GrpcStatus> ended = new CompletableFuture<>();
        try (CacheTestClient watcher = new CacheTestClient(cluster.node(0).grpcPort())) {
            watcher.watchTopology(seen::add, ended);
            await("the current topology at once").atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            assertThat(seen.get(0).getMembersCount()).isEqualTo(2);

            cluster.addNode();
            cluster.awaitMembers(3);
            await("a pushed topology with the new member").atMost(Duration.ofSeconds(10))
                    .until(() -> seen.get(seen.size() - 1).getMembersCount() == 3);
            assertThat(seen).extracting(TopologyResponse::getEpoch).doesNotHaveDuplicates();

            cluster.stopGracefully(0);
            assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.UNAVAILABLE);
        }
    }
}
