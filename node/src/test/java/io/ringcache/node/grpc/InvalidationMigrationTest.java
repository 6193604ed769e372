package io.ringcache.node.grpc;

import io.ringcache.node.RingcacheNode;
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
