package io.ringcache.node.store;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.RetryPolicy;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheException;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node terminated while calls are in flight fails them as the taxonomy says: UNAVAILABLE
 * (retry elsewhere), never a raw exception that a protocol would answer as INTERNAL.
 */
class TerminationFailuresTest {

    private static final int KEYS = 200;

    @Test
    void callsInFlightWhenTheMemberTerminates_failUnavailable_neverRaw() throws Exception {
        RingcacheNode node = TestNodes.startSingleNode();
        CacheStore store = node.store();
        for (int i = 0; i < KEYS; i++) {
            store.put("default", key(i), "v".getBytes(StandardCharsets.UTF_8), 0, WriteCondition.ALWAYS, 0)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        Thread load = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                Future<?> call = i % 2 == 0 ? store.get("default", key(i % KEYS))
                        : store.put("default", key(i % KEYS), new byte[] {1}, 0, WriteCondition.ALWAYS, 0);
                call.onFailure(failures::add);
                calls.incrementAndGet();
            }
        }, "termination-load");
        load.start();
        // The point is to terminate with many calls in flight.
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > 2_000);
        node.terminate().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        load.join(TimeUnit.SECONDS.toMillis(30));

        Map<String, Integer> byKind = new TreeMap<>();
        for (Throwable failure : failures) {
            String kind = failure instanceof CacheException cache ? cache.error().name()
                    : failure.getClass().getName();
            byKind.merge(kind, 1, Integer::sum);
        }
        System.out.printf("[termination] %d calls, failures by kind: %s%n", calls.get(), byKind);
        assertThat(byKind.keySet()).as("how calls failed when the member terminated")
                .isSubsetOf(CacheError.UNAVAILABLE.name());
    }

    private static CacheKey key(int i) {
        return CacheKey.of(("termination-" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pipelinedCallsInFlightWhenTheNodeTerminates_neverAnswerInternal() throws Exception {
        RingcacheNode node = TestNodes.startSingleNode();
        ConcurrentLinkedQueue<String> statuses = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        try (RingcacheClient client = RingcacheClient.builder().seeds("127.0.0.1:" + node.grpcPort())
                .retryPolicy(RetryPolicy.none()).deadline(Duration.ofSeconds(10)).build()) {
            AsyncCache cache = client.cache();
            for (int i = 0; i < KEYS; i++) {
                cache.put("termination-" + i, "v").toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            Thread load = new Thread(() -> {
                java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(512);
                for (int i = 0; i < 100_000; i++) {
                    window.acquireUninterruptibly();
                    var call = i % 2 == 0 ? cache.get("termination-" + i % KEYS)
                            : cache.put("termination-" + i % KEYS, "w");
                    call.whenComplete((ok, failure) -> {
                        window.release();
                        if (failure != null) {
                            Throwable cause = failure instanceof java.util.concurrent.CompletionException
                                    && failure.getCause() != null ? failure.getCause() : failure;
                            statuses.add(cause instanceof RingcacheException known ? known.status()
                                    : cause.getClass().getName());
                        }
                    });
                    calls.incrementAndGet();
                }
            }, "termination-pipelined-load");
            load.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > 5_000);
            node.terminate().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            load.join(TimeUnit.SECONDS.toMillis(60));
        }
        Map<String, Integer> byStatus = new TreeMap<>();
        statuses.forEach(status -> byStatus.merge(status, 1, Integer::sum));
        System.out.printf("[termination, pipelined] %d calls, failures by status: %s%n", calls.get(), byStatus);
        // Before every store failure went through the taxonomy, calls hung to their deadline here.
        assertThat(byStatus.keySet()).as("statuses of calls cut by the termination").isSubsetOf("UNAVAILABLE");
    }
}
