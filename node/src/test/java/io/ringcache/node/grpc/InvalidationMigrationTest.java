package io.ringcache.node.grpc;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.PartitionReset;
import io.ringcache.proto.v1.PartitionWatch;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partition that moves to a joining member: its old owner says MOVED and sends nothing more
 * for it; the new owner watches it under a new identity and sends its writes.
 */
class InvalidationMigrationTest {

    private final List<RingcacheNode> nodes = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(CacheTestClient::close);
        nodes.forEach(node -> Awaits.result(node.stop(), 60));
    }

    @Test
    void partitionMovedToAJoiningMember_isResetOnTheOldOwnerAndWatchedAnewOnTheNew() throws Exception {
        String cluster = TestNodes.uniqueClusterName();
        int firstPort = FreePorts.next();
        int secondPort = FreePorts.next();
        String join = "127.0.0.1:" + firstPort + ",127.0.0.1:" + secondPort;
        RingcacheNode first = start(TestNodes.config(TestNodes.flags(cluster, firstPort, join)));
        CacheTestClient onFirst = client(first);

        BlockingQueue<InvalidationEvent> events = new LinkedBlockingQueue<>();
        InvalidationRequest.Builder everySlot = InvalidationRequest.newBuilder();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            everySlot.addWatchSlots(slot);
        }
        CompletableFuture<GrpcStatus> ended = new CompletableFuture<>();
        Runnable cancel = onFirst.stream(CacheServiceGrpcClient.WatchInvalidations, everySlot.build(), events::add,
                ended);
        Map<Integer, PartitionWatch> watched = new HashMap<>();
        for (int i = 0; i < Slots.COUNT; i++) {
            PartitionWatch watch = events.poll(10, TimeUnit.SECONDS).getWatch();
            assertThat(watch.getOwned()).as("a lone member owns everything").isTrue();
            watched.put(watch.getPartition(), watch);
        }

        RingcacheNode second = start(TestNodes.config(TestNodes.flags(cluster, secondPort, join)));
        PartitionReset moved = null;
        while (moved == null) {
            InvalidationEvent event = events.poll(60, TimeUnit.SECONDS);
            assertThat(event).as("a MOVED reset once partitions migrate").isNotNull();
            if (event.getEventCase() == InvalidationEvent.EventCase.RESET) {
                moved = event.getReset();
            }
        }
        assertThat(moved.getReason()).isEqualTo(PartitionReset.Reason.MOVED);
        PartitionWatch before = watched.get(moved.getPartition());
        String key = keyIn(before.getFirstSlot(), before.getLastSlot());

        CacheTestClient onSecond = client(second);
        BlockingQueue<InvalidationEvent> onNewOwner = new LinkedBlockingQueue<>();
        // The new owner's partition table may trail the migration event by a moment: watch again
        // (ending the previous attempt's stream) until it answers as the owner; that stream stays open.
        AtomicReference<Runnable> attempt = new AtomicReference<>();
        PartitionWatch after = await("the new owner watches the moved partition as its own")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Runnable previous = attempt.getAndSet(null);
                    if (previous != null) {
                        previous.run();
                    }
                    onNewOwner.clear();
                    attempt.set(onSecond.stream(CacheServiceGrpcClient.WatchInvalidations,
                            InvalidationRequest.newBuilder().addWatchSlots(before.getFirstSlot()).build(),
                            onNewOwner::add, new CompletableFuture<>()));
                    InvalidationEvent answer = onNewOwner.poll(10, TimeUnit.SECONDS);
                    return answer == null ? null : answer.getWatch();
                }, watch -> watch != null && watch.getOwned());
        assertThat(after.getPartitionId()).isNotEqualTo(before.getPartitionId());

        onFirst.put(key, "written after the move"); // routed to the new owner
        InvalidationEvent there = onNewOwner.poll(10, TimeUnit.SECONDS);
        assertThat(there.getInvalidation().getKey().toStringUtf8()).isEqualTo(key);
        assertThat(there.getInvalidation().getSequence()).isEqualTo(after.getSequence() + 1);
        for (InvalidationEvent event = events.poll(500, TimeUnit.MILLISECONDS); event != null;
             event = events.poll(200, TimeUnit.MILLISECONDS)) {
            assertThat(event.hasInvalidation() && event.getInvalidation().getPartition() == moved.getPartition())
                    .as("the old owner sends nothing more for a moved partition").isFalse();
        }
        cancel.run();
    }

    /**
     * A member hears the master's migration event and its own new partition table separately,
     * the event first about a third of the time. Every watch the old owner answers as owner,
     * however close to the move, must be followed by that move's MOVED: one that is not follows a
     * partition nobody will ever write there again (its client would cache nothing, or worse,
     * install what the old owner read in the gap).
     */
    @Test
    void everyWatchTheOldOwnerAnsweredAsOwner_isFollowedByMoved() throws Exception {
        String cluster = TestNodes.uniqueClusterName();
        int[] ports = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        String join = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        start(TestNodes.config(TestNodes.flags(cluster, ports[0], join)));
        // Watched: a member that is not the master, which hears the master's events remotely
        // (the master applies its own table before it publishes).
        RingcacheNode first = start(TestNodes.config(TestNodes.flags(cluster, ports[1], join)));
        assertThat(first.member().awaitClusterSafe(Duration.ofSeconds(60))).isTrue();
        InvalidationFeed feed = first.invalidations();

        int partitions = first.member().hazelcast().getPartitionService().getPartitions().size();
        AtomicLong clock = new AtomicLong();
        AtomicLongArray ownedAnswerAt = new AtomicLongArray(partitions);
        AtomicLongArray movedAt = new AtomicLongArray(partitions);
        InvalidationFeed.Listener listener = new InvalidationFeed.Listener() {
            @Override
            public void invalidated(String cache, int partition, long partitionId, long sequence, byte[] key) {
            }

            @Override
            public void reset(String cache, int partition, InvalidationFeed.Reset reason, long partitionId,
                              long sequence) {
                if (reason == InvalidationFeed.Reset.MOVED) {
                    movedAt.set(partition, clock.incrementAndGet());
                }
            }
        };
        AtomicBoolean moving = new AtomicBoolean(true);
        Thread watching = new Thread(() -> {
            while (moving.get()) {
                for (int slot = 0; slot < Slots.COUNT; ) {
                    long asked = clock.incrementAndGet(); // before: a MOVED after the answer counts later
                    InvalidationFeed.Watch watch = feed.watch("default", slot, listener);
                    if (watch.owned()) {
                        ownedAnswerAt.accumulateAndGet(watch.partition(), asked, Math::max);
                    }
                    slot = watch.lastSlot() + 1;
                }
            }
        }, "watching-the-old-owner");
        watching.start();
        try {
            RingcacheNode third = start(TestNodes.config(TestNodes.flags(cluster, ports[2], join)));
            assertThat(third.member().awaitClusterSafe(Duration.ofSeconds(60))).isTrue();
            assertThat(first.member().awaitClusterSafe(Duration.ofSeconds(60))).isTrue();
        } finally {
            moving.set(false);
            watching.join(10_000);
        }

        HazelcastInternals table = HazelcastInternals.of(first.member().hazelcast());
        var self = first.member().hazelcast().getCluster().getLocalMember().getUuid();
        List<Integer> moved = IntStream.range(0, partitions)
                .filter(partition -> !self.equals(table.replicaOf(partition, 0))).boxed().toList();
        assertThat(moved).as("partitions the join moved").isNotEmpty();
        // The last moves' events may still be on their way (the table can come first, too).
        await("a MOVED after the last answer as owner, for every moved partition").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(moved.stream()
                        .filter(partition -> movedAt.get(partition) < ownedAnswerAt.get(partition)).toList())
                        .as("moved partitions whose last answer as owner no MOVED followed").isEmpty());
    }

    private static String keyIn(int firstSlot, int lastSlot) {
        for (int i = 0; ; i++) {
            String key = "moved-" + i;
            int slot = Slots.slot(key.getBytes(StandardCharsets.UTF_8));
            if (slot >= firstSlot && slot <= lastSlot) {
                return key;
            }
        }
    }

    private RingcacheNode start(io.ringcache.node.config.NodeConfig config) {
        RingcacheNode node = TestNodes.startNode(config);
        nodes.add(node);
        return node;
    }

    private CacheTestClient client(RingcacheNode node) {
        CacheTestClient client = new CacheTestClient(node.grpcPort());
        clients.add(client);
        return client;
    }
}
