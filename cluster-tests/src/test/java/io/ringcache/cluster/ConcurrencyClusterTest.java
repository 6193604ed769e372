package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.PutRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Atomic operations stay atomic when many clients race through different nodes. */
class ConcurrencyClusterTest {

    private static final int CLIENTS = 8;

    private static InJvmCluster cluster;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        cluster = InJvmCluster.start(3);
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        cluster.close();
    }

    @Test
    void increments_eightClientsThroughDifferentNodes_neverLoseAnUpdate() {
        int perClient = 500;
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int node = c % 3;
            clients.add(CompletableFuture.runAsync(() -> {
                try (CacheTestClient client = new CacheTestClient(cluster.node(node).grpcPort())) {
                    for (int i = 0; i < perClient; i++) {
                        client.increment("counter", 1);
                    }
                }
            }, pool));
        }
        clients.forEach(CompletableFuture::join);

        assertThat(cluster.client(1).get("counter").getValue().toStringUtf8()).isEqualTo("4000");
        assertThat(cluster.client(2).get("counter").getVersion()).isEqualTo(4000);
    }

    @Test
    void compareAndSet_eightClientsRacingOneVersion_exactlyOneApplies() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            String key = "cas-" + round;
            long version = cluster.client(0).put(key, "start").getVersion();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> racers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                CacheTestClient client = cluster.client(c % 3);
                String value = "winner-" + c;
                racers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return client.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))
                            .setCondition(PutRequest.Condition.IF_VERSION).setExpectedVersion(version).build())
                            .getApplied();
                }, pool));
            }
            go.countDown();

            long applied = racers.stream().map(CompletableFuture::join).filter(Boolean::booleanValue).count();
            assertThat(applied).as("round %d", round).isEqualTo(1);
            assertThat(cluster.client(1).get(key).getVersion()).isEqualTo(version + 1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
