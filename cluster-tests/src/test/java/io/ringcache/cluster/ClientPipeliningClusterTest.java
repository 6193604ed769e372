package io.ringcache.cluster;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.BlockingCache;
import io.ringcache.client.ClientInternals;
import io.ringcache.client.GetResult;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's auto-pipelining on a three-node in-JVM cluster: many concurrent calls travel on
 * a few shared Pipeline streams (the nodes answer every one, each to its own caller), and a
 * node killed mid-load fails no read and only retryable unconditional writes, which succeed
 * when sent again to the key's new owner.
 *
 * <p>With pipelining off, the client's Pipeline count stays 0 (first test fails); without the
 * stream-failure handling (calls on a dead stream failed as connection failures, stream
 * reopened), the reads in flight on the killed node's stream fail or hang past their deadline
 * (second test fails).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientPipeliningClusterTest {

    private static final String HOST = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static InJvmCluster cluster;
    private static RingcacheClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = InJvmCluster.start(3);
        client = RingcacheClient.builder().seeds(HOST + ":" + cluster.node(0).grpcPort())
                .deadline(Duration.ofSeconds(10)).connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
        int any = cluster.running().get(0);
        await("the client follows the cluster's topology").atMost(Duration.ofSeconds(30))
                .until(() -> client.routingEpoch() == cluster.client(any).topology().getEpoch());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void concurrentCalls_shareAFewPipelineStreams_andEachGetsItsOwnAnswer() throws Exception {
        AsyncCache cache = client.cache();
        int keys = 2_000;
        long pipelinedBefore = ClientInternals.pipelinedCalls(client);
        double getsBefore = nodeGets();

        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            puts.add(cache.put("pipelined-" + i, "value-" + i).toCompletableFuture());
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<CompletableFuture<GetResult>> gets = IntStream.range(0, keys)
                .mapToObj(i -> cache.get("pipelined-" + i).toCompletableFuture()).toList();
        CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        for (int i = 0; i < keys; i++) {
            assertThat(gets.get(i).join().valueAsString()).as("answer to get %d", i).isEqualTo("value-" + i);
        }
        assertThat(ClientInternals.pipelinedCalls(client) - pipelinedBefore).as("calls sent on Pipeline streams")
                .isEqualTo(2L * keys);
        assertThat(ClientInternals.pipelineStreamsOpened(client)).as("streams opened: at most 2 per node")
                .isBetween(1L, 6L);
        assertThat(nodeGets() - getsBefore).as("gets the nodes answered").isEqualTo(keys);
    }

    @Test
    @Order(2)
    void aNodeKilledMidLoad_failsOnlyRetryableWrites_whichThenSucceedOnTheNewOwner() throws Exception {
        BlockingCache cache = client.cache().blocking();
        int keys = 500;
        IntStream.range(0, keys).forEach(i -> cache.put("steady-" + i, "v" + i));
        cluster.awaitClusterSafe();
        long streamsBefore = ClientInternals.pipelineStreamsOpened(client);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong operations = new AtomicLong();
        AtomicLong retriedWrites = new AtomicLong();
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> lanes = new ArrayList<>();
        for (int lane = 0; lane < 16; lane++) {
            int first = lane;
            Thread thread = new Thread(() -> {
                for (int i = first; running.get(); i += 16) {
                    String key = "steady-" + (i % keys);
                    String expected = "v" + (i % keys);
                    try {
                        if (i % 4 == 0) {
                            putUntilDone(cache, key, expected, retriedWrites);
                        } else if (!expected.equals(cache.get(key).valueAsString())) {
                            wrong.add(key + " read " + cache.get(key).valueAsString());
                        }
                        operations.incrementAndGet();
                    } catch (RuntimeException e) {
                        wrong.add(key + " failed: " + e);
                    }
                }
            }, "pipelined-lane-" + lane);
            thread.start();
            lanes.add(thread);
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> operations.get() > 2_000);
            cluster.terminate(2);
            long atKill = operations.get();
            await("load goes on after the kill").atMost(Duration.ofSeconds(60))
                    .until(() -> operations.get() > atKill + 5_000 || !wrong.isEmpty());
        } finally {
            running.set(false);
            for (Thread lane : lanes) {
                lane.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        System.out.printf("[client pipelining] %d operations across the kill; %d unconditional writes failed "
                + "retryably and were sent again; %d streams opened since%n", operations.get(), retriedWrites.get(),
                ClientInternals.pipelineStreamsOpened(client) - streamsBefore);
        assertThat(wrong).as("reads that failed or read wrong, writes that failed for good").isEmpty();
    }

    /** An unconditional put is not retried by the client; a retryable failure is the caller's to resend. */
    private static void putUntilDone(BlockingCache cache, String key, String value, AtomicLong retried) {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                cache.put(key, value);
                return;
            } catch (RingcacheException e) {
                if (!e.isRetryable() || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                retried.incrementAndGet();
            }
        }
    }

    /** Gets the running nodes answered OK. */
    private static double nodeGets() throws Exception {
        double total = 0;
        for (int node : cluster.running()) {
            total += HTTP.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + cluster.node(node).httpPort()
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().lines()
                    .filter(line -> line.startsWith("ringcache_requests_total{") && line.contains("operation=\"get\"")
                            && line.contains("status=\"OK\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
        return total;
    }
}
