package io.ringcache.node.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TopologyViewTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void tearDown() {
        members.forEach(HazelcastInstance::shutdown);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aMigrationRound_reachesWatchersInAFewUpdates_notOnePerReplicaMove_andEndsCurrent() {
        List<List<String>> pair = TestNodes.clusterFlags(2);
        HazelcastInstance first = start(pair.get(0));
        TopologyView view = new TopologyView(vertx, first, SlotPartitions.layoutOf(first), 1);
        List<TopologySnapshot> published = new CopyOnWriteArrayList<>();
        view.watch(published::add);
        MigrationCounts replicaMoves = MigrationCounts.following(first);

        HazelcastInstance second = start(pair.get(1));
        await("the partitions spread over both members, and the watcher told").atMost(Duration.ofSeconds(60))
                .until(() -> first.getPartitionService().isClusterSafe() && second.getPartitionService().isClusterSafe()
                        && owners(view.current()) == 2 && !published.isEmpty()
                        && published.get(published.size() - 1) == view.current());

        System.out.printf("[topology view] %d replica moves, %d snapshots published%n", replicaMoves.completed(),
                published.size());
        assertThat(replicaMoves.completed()).as("a real migration round").isGreaterThan(100);
        assertThat((long) published.size()).isLessThan(replicaMoves.completed() / 4);
        TopologySnapshot last = published.get(published.size() - 1);
        assertThat(last.epoch()).isEqualTo(view.current().epoch());
        view.refresh();
        assertThat(view.current().epoch()).as("nothing left unpublished").isEqualTo(last.epoch());
    }

    /** How many members own at least one partition. */
    private static long owners(TopologySnapshot snapshot) {
        return Arrays.stream(snapshot.partitionsOwned()).filter(count -> count > 0).count();
    }

    private HazelcastInstance start(List<String> flags) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(
                MemberConfigFactory.create(TestNodes.config(flags), Map.of()));
        members.add(member);
        return member;
    }
}
