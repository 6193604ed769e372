package io.ringcache.cluster;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.BlockingCache;
import io.ringcache.client.NearCacheSettings;
import io.ringcache.client.NearCacheStats;
import io.ringcache.client.RingcacheClient;
import io.ringcache.node.RingcacheNode;
import io.ringcache.proto.KeySlots;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's near cache on an in-JVM cluster: one client writes, another reads through its
 * near cache, and every read the near cache answered must return a value that was current at
 * some instant within [invoke - STALENESS_BOUND, complete] (docs/near-cache.md). Then the
 * protections one by one: own writes at once, a dropped invalidation caught by the sequence
 * gap, a member joining (partitions move), a killed member's stream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCacheClusterTest {

    /** The staleness bound docs/near-cache.md states for a healthy cluster. */
    private static final long STALENESS_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    private static final String HOST = "127.0.0.1";

    private static InJvmCluster cluster;
    private static RingcacheClient writer;
    private static RingcacheClient reader;

    @BeforeAll
    static void start() throws Exception {
        cluster = InJvmCluster.start(2, 3);
        writer = connect(RingcacheClient.builder());
        reader = connect(RingcacheClient.builder().nearCache("default", NearCacheSettings.maxEntries(10_000)));
    }

    private static RingcacheClient connect(io.ringcache.client.RingcacheClientBuilder builder) throws Exception {
        RingcacheClient client = builder.seeds(HOST + ":" + cluster.node(0).grpcPort())
                .deadline(Duration.ofSeconds(10)).connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
        int any = cluster.running().get(0);
        await("the client follows the cluster's topology").atMost(Duration.ofSeconds(30))
                .until(() -> client.routingEpoch() == cluster.client(any).topology().getEpoch());
        return client;
    }

    @AfterAll
    static void stop() {
        for (RingcacheClient client : new RingcacheClient[] {writer, reader}) {
            if (client != null) {
                client.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void ownWrites_areReadBackAtOnce_evenWhenTheirInvalidationNeverArrives() {
        BlockingCache cache = reader.cache().blocking();
        String key = "own-key";
        cache.put(key, "start");
        RingcacheNode owner = cluster.node(cluster.ownerOf(key));
        int partition = owner.invalidations().stamp("default", KeySlots.slot(key.getBytes(StandardCharsets.UTF_8)))
                .partition();
        // Before each write: the key is in the near cache, and the write's invalidation will be
        // lost, so only the client's own local invalidation can make the next read right.
        Runnable cachedAndEventDropped = () -> {
            awaitCached(key);
            owner.invalidations().dropNext("default", partition);
        };

        cachedAndEventDropped.run();
        long version = cache.put(key, "put").version();
        assertThat(cache.get(key).version()).as("after put").isEqualTo(version);

        cachedAndEventDropped.run();
        version = cache.putMany(Map.of(key, "putMany"), Duration.ZERO).get(0);
        assertThat(cache.get(key).version()).as("after putMany").isEqualTo(version);

        cachedAndEventDropped.run();
        cache.delete(key);
        assertThat(cache.get(key).found()).as("after delete").isFalse();

        cachedAndEventDropped.run();
        version = cache.increment(key, 5).version();
        assertThat(cache.get(key).version()).as("after increment").isEqualTo(version);

        cachedAndEventDropped.run();
        cache.touch(key, Duration.ofHours(1));
        assertThat(cache.get(key).ttlRemainingMs()).as("after touch").isPositive();

        cachedAndEventDropped.run();
        cache.deleteMany(key);
        assertThat(cache.get(key).found()).as("after deleteMany").isFalse();
    }

    @Test
    @Order(2)
    void aDroppedInvalidation_isCaughtByTheSequenceGap() {
        String key = "gap-key";
        writer.cache().blocking().put(key, "before");
        awaitCached(key);
        long gaps = stats().gapsDetected();

        int slot = KeySlots.slot(key.getBytes(StandardCharsets.UTF_8));
        RingcacheNode owner = cluster.node(cluster.ownerOf(key));
        int partition = owner.invalidations().stamp("default", slot).partition();
        owner.invalidations().dropNext("default", partition);
        writer.cache().blocking().put(key, "after"); // its invalidation is never sent
        assertThat(reader.cache().blocking().get(key).valueAsString()).as("served locally, still stale")
                .isEqualTo("before");
        writer.cache().blocking().put("{" + key + "}other", "x"); // same slot: the next sequence shows the gap

        await("the gap drops the stale entry").atMost(Duration.ofSeconds(10))
                .until(() -> "after".equals(reader.cache().blocking().get(key).valueAsString()));
        assertThat(stats().gapsDetected()).isGreaterThan(gaps);
    }

    @Test
    @Order(3)
    void readsThroughTheNearCache_areNeverStalerThanTheBound() throws Exception {
        History history = runHotKeys(hotKeys(), Duration.ofSeconds(4), () -> { });
        history.assertLinearizableWithin(STALENESS_BOUND_NANOS);
    }

    @Tag("slow")
    @Test
    @Order(4)
    void aMemberJoining_keepsReadsWithinTheBound() throws Exception {
        List<String> keys = hotKeys();
        Map<String, Integer> ownersBefore = ownersOf(keys);
        long dropsBefore = stats().resets() + stats().outdatedWatches();
        History history = runHotKeys(keys, Duration.ofSeconds(8), () -> {
            cluster.addNode();
            cluster.awaitMembers(3);
            cluster.awaitClusterSafe();
        });
        history.assertLinearizableWithin(STALENESS_BOUND_NANOS);
        Map<String, Integer> ownersAfter = ownersOf(keys);
        long moved = keys.stream().filter(key -> !ownersAfter.get(key).equals(ownersBefore.get(key))).count();
        System.out.println("near cache after the join (" + moved + " of " + keys.size() + " hot keys moved): "
                + stats());
        // Which partitions the join moves is Hazelcast's choice: about one in 60 runs, none of
        // the ten hot keys' partitions moves, and then there is nothing to drop.
        if (moved > 0) {
            assertThat(stats().resets() + stats().outdatedWatches())
                    .as("hot partitions moved away from watched owners: each was dropped")
                    .isGreaterThan(dropsBefore);
        }
    }

    private static Map<String, Integer> ownersOf(List<String> keys) {
        Map<String, Integer> owners = new java.util.HashMap<>();
        keys.forEach(key -> owners.put(key, cluster.ownerOf(key)));
        return owners;
    }

    @Tag("slow")
    @Test
    @Order(5)
    void aKilledMembersStream_dropsWhatItWatched() throws Exception {
        int victim = 2;
        List<String> keys = IntStream.range(0, 400).mapToObj(i -> "killed-" + i)
                .filter(key -> cluster.ownerOf(key) == victim).limit(20).toList();
        assertThat(keys).isNotEmpty();
        keys.forEach(key -> writer.cache().blocking().put(key, "before"));
        keys.forEach(NearCacheClusterTest::awaitCached);
        long lost = stats().streamsLost();

        cluster.terminate(victim);
        cluster.awaitMembers(2);
        cluster.awaitClusterSafe();
        // The new owners never told this client about these writes: only the stream's end can
        // remove the old values.
        keys.forEach(key -> writer.cache().blocking().put(key, "after"));
        await("every key reads its new value").atMost(Duration.ofSeconds(30))
                .until(() -> keys.stream().allMatch(key -> "after".equals(reader.cache().blocking().get(key)
                        .valueAsString())));
        assertThat(stats().streamsLost()).isGreaterThan(lost);
    }

    private static NearCacheStats stats() {
        return reader.cache().nearCacheStats().orElseThrow();
    }

    /** Reads until the near cache answers the key (only this test's clients write it). */
    private static void awaitCached(String key) {
        try {
            await("near cache holds " + key).atMost(Duration.ofSeconds(10)).until(() -> {
                long hits = stats().hits();
                reader.cache().blocking().get(key);
                return stats().hits() > hits;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("near cache never held " + key + " (owner node " + cluster.ownerOf(key)
                    + "): " + stats(), e);
        }
    }

    /** Ten keys no earlier test wrote. */
    private static List<String> hotKeys() {
        return IntStream.range(0, 10).mapToObj(i -> "hot-" + i + "-" + System.nanoTime()).toList();
    }

    /**
     * The writer counts the hot keys up (one write at a time) while the reader reads them
     * through its near cache and {@code meanwhile} runs; every write and read is recorded.
     */
    private static History runHotKeys(List<String> keys, Duration duration, ThrowingRunnable meanwhile)
            throws Exception {
        History history = new History();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AsyncCache writes = writer.cache();
        for (String key : keys) {
            history.write(key, 0, System.nanoTime(), () -> writes.put(key, "0"));
        }
        Thread writing = new Thread(() -> recording(failures, () -> {
            long[] next = new long[keys.size()];
            for (int i = 0; running.get(); i = (i + 1) % keys.size()) {
                String key = keys.get(i);
                long value = ++next[i];
                history.write(key, value, System.nanoTime(), () -> writes.put(key, Long.toString(value)));
            }
        }), "near-cache-writer");
        Thread reading = new Thread(() -> recording(failures, () -> {
            BlockingCache reads = reader.cache().blocking();
            for (int i = 0; running.get(); i = (i + 1) % keys.size()) {
                String key = keys.get(i);
                long hitsBefore = stats().hits();
                long invoked = System.nanoTime();
                String value = reads.get(key).valueAsString();
                long completed = System.nanoTime();
                history.read(key, Long.parseLong(value), invoked, completed, stats().hits() > hitsBefore);
            }
        }), "near-cache-reader");
        writing.start();
        reading.start();
        long end = System.nanoTime() + duration.toNanos();
        try {
            meanwhile.run();
            await().atMost(duration.plusSeconds(60)).until(() -> System.nanoTime() - end >= 0);
        } finally {
            running.set(false);
            writing.join(30_000);
            reading.join(30_000);
        }
        assertThat(failures).as("writer and reader failures").isEmpty();
        assertThat(writing.isAlive() || reading.isAlive()).as("writer or reader stuck").isFalse();
        return history;
    }

    private static void recording(List<Throwable> failures, Runnable work) {
        try {
            work.run();
        } catch (Throwable failure) {
            failures.add(failure);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Every write (invoke, complete) and read (invoke, complete, value, hit) of the hot keys. */
    private static final class History {
        private static final class Write {
            final long invoked;
            volatile long completed = Long.MAX_VALUE;

            Write(long invoked) {
                this.invoked = invoked;
            }
        }

        private record Read(String key, long value, long invoked, long completed, boolean hit) {
        }

        private final Map<String, Map<Long, Write>> writes = new ConcurrentHashMap<>();
        private final java.util.Queue<Read> reads = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void write(String key, long value, long invoked, java.util.function.Supplier<
                java.util.concurrent.CompletionStage<?>> write) {
            Write recorded = new Write(invoked);
            writes.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(value, recorded);
            try {
                write.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("write of " + key + " failed: " + e, e);
            }
            recorded.completed = System.nanoTime();
        }

        void read(String key, long value, long invoked, long completed, boolean hit) {
            reads.add(new Read(key, value, invoked, completed, hit));
        }

        /**
         * Each read returned a value current at some instant in [invoke - bound, complete]:
         * written (invoked) before the read completed, and not yet replaced (the next write had
         * not completed) at invoke - bound. Prints the worst staleness seen.
         */
        void assertLinearizableWithin(long boundNanos) {
            long worst = 0;
            long hits = 0;
            List<String> violations = new ArrayList<>();
            for (Read read : reads) {
                Map<Long, Write> ofKey = writes.get(read.key);
                Write written = ofKey.get(read.value);
                assertThat(written).as("value %d of %s was written", read.value, read.key).isNotNull();
                if (written.invoked - read.completed > 0) {
                    violations.add(read + " returned a value written after it completed");
                }
                Write replaced = ofKey.get(read.value + 1);
                if (replaced != null && replaced.completed != Long.MAX_VALUE) {
                    long staleness = read.invoked - replaced.completed;
                    if (read.hit) {
                        worst = Math.max(worst, staleness);
                    }
                    if (staleness > boundNanos) {
                        violations.add(read + " returned a value replaced "
                                + TimeUnit.NANOSECONDS.toMillis(staleness) + " ms before it was invoked");
                    }
                }
                hits += read.hit ? 1 : 0;
            }
            System.out.printf("near cache history: %d writes, %d reads, %d near-cache hits, worst staleness of a hit %.3f ms,"
                    + " %s%n", writes.values().stream().mapToInt(Map::size).sum(), reads.size(), hits, worst / 1e6, stats());
            assertThat(violations).as("reads staler than the bound").isEmpty();
            assertThat(hits).as("the near cache answered reads").isPositive();
            assertThat(writes.values().stream().mapToInt(Map::size).sum()).as("writes").isGreaterThan(100);
        }
    }
}
