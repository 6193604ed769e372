package io.ringcache.cluster;

import io.ringcache.client.BlockingCache;
import io.ringcache.client.GetResult;
import io.ringcache.client.IncrementResult;
import io.ringcache.client.PutOptions;
import io.ringcache.client.PutResult;
import io.ringcache.client.RetryPolicy;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client under a steady load on forked nodes while the cluster changes: a node killed
 * by SIGKILL (backups=1), a fourth node joining, a node leaving on SIGTERM. The client's retries
 * keep every failure from its callers (only a call past its deadline may fail), and every write
 * it acknowledged is read back at the end. A second client without retries, loaded during the
 * SIGKILL, is the control: errors reach its callers.
 *
 * <p>One exception is counted, not failed: an increment retried on a member that received its
 * partition by migration (or joined within the last minute) may be refused as "outcome unknown"
 * (the member cannot know the request id); its counter must then hold between the acknowledged
 * count and that plus the refusals, never more.
 */
class ClientFaultsIT {

    private static final int CALLERS = 8;
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration PHASE_BOUND = Duration.ofSeconds(60);
    /** Hazelcast notices the killed member after this (8 s by default): shorter keeps the suite short. */
    private static final String MEMBER_TIMEOUT = "--member-timeout=4s";

    private ForkedCluster cluster;
    private final List<RingcacheClient> clients = new ArrayList<>();
    private final List<Load> loads = new ArrayList<>();

    @AfterEach
    void tearDown() {
        loads.forEach(Load::stop);
        clients.forEach(RingcacheClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sigkill_scaleUp_andGracefulScaleDown_underLoad_reachNoCaller_andLoseNoAcknowledgedWrite() throws Exception {
        cluster = ForkedCluster.start(3, MEMBER_TIMEOUT);
        cluster.awaitClusterSafe();
        RingcacheClient retrying = client(RetryPolicy.of(1_000, Duration.ofMillis(20), Duration.ofMillis(500)));
        RingcacheClient control = client(RetryPolicy.none());
        Load load = start(retrying, "r");
        Load controlLoad = start(control, "c");
        awaitProgress(load, 500);
        awaitProgress(controlLoad, 500);

        // (a) SIGKILL of a node: its partitions' backups take over.
        load.phase = "sigkill";
        controlLoad.phase = "sigkill";
        long killedAt = System.nanoTime();
        cluster.node(1).kill();
        cluster.awaitReady(List.of(0, 2), 2);
        cluster.awaitClusterSafe();
        awaitProgress(load, 300);
        controlLoad.stop();
        long afterKillMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        // (b) scale up: a new member takes partitions over by migration.
        load.phase = "scale-up";
        int added = cluster.addNode();
        cluster.awaitReady(List.of(0, 2, added), 3);
        cluster.awaitClusterSafe();
        awaitProgress(load, 300);

        // (c) graceful scale down: SIGTERM, the node drains and hands its partitions off.
        load.phase = "scale-down";
        assertThat(cluster.node(2).terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
        cluster.awaitReady(List.of(0, added), 2);
        cluster.awaitClusterSafe();
        awaitProgress(load, 300);
        load.stop();

        BlockingCache reader = retrying.cache().blocking();
        List<String> lost = new ArrayList<>();
        load.acknowledged.forEach((key, value) -> {
            GetResult read = reader.get(key);
            if (!read.found() || !read.valueAsString().equals(value)) {
                lost.add(key + "=" + value + " read " + read);
            }
        });
        Map<String, Long> counters = new ConcurrentHashMap<>();
        load.increments.forEach((key, acknowledged) -> counters.put(key,
                Long.parseLong(reader.get(key).valueAsString())));

        System.out.printf("[client faults] %d callers, retries on: %d writes and %d increments acknowledged, "
                        + "%d reads, errors %s, increments refused as outcome unknown %s, slowest call %d ms; SIGKILL "
                        + "phase %d ms. Control without retries: "
                        + "%d writes acknowledged, errors %s%n", CALLERS, load.acknowledged.size(),
                load.increments.values().stream().mapToLong(AtomicLong::get).sum(), load.reads.get(), summary(load.errors), load.unknownIncrements,
                load.slowestMs.get(), afterKillMs, controlLoad.acknowledged.size(), summary(controlLoad.errors));
        assertThat(load.errors).as("errors that reached a retrying client's callers").isEmpty();
        assertThat(load.missedReads).as("reads of acknowledged writes that missed").isEmpty();
        assertThat(lost).as("acknowledged writes lost").isEmpty();
        load.increments.forEach((key, acknowledged) -> assertThat(counters.get(key))
                .as("counter %s: every acknowledged increment counted once, a refused one at most once", key)
                .isBetween(acknowledged.get(), acknowledged.get()
                        + load.unknownIncrements.getOrDefault(key, new AtomicLong()).get()));
        assertThat(controlLoad.errors).as("without retries, the SIGKILL reaches callers").isNotEmpty();
    }

    private static String summary(ConcurrentLinkedQueue<String> errors) {
        return errors.size() + (errors.isEmpty() ? "" : " e.g. " + errors.stream().limit(3).toList());
    }

    private RingcacheClient client(RetryPolicy policy) throws Exception {
        RingcacheClient client = RingcacheClient.builder()
                .seeds(cluster.grpcPorts(List.of(0, 1, 2)).stream().map(port -> "127.0.0.1:" + port)
                        .toArray(String[]::new))
                .deadline(DEADLINE).retryPolicy(policy).connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
        clients.add(client);
        return client;
    }

    private Load start(RingcacheClient client, String prefix) {
        Load load = new Load(client.cache().blocking(), prefix);
        loads.add(load);
        load.start();
        return load;
    }

    private static void awaitProgress(Load load, int more) {
        long before = load.operations.get();
        await("load goes on").atMost(PHASE_BOUND).until(() -> load.operations.get() >= before + more);
    }

    /**
     * {@link #CALLERS} threads, each in a closed loop: an insert of a fresh key (IF_ABSENT, so a
     * retry can never overwrite anything), a read of one of its acknowledged keys, and every
     * fourth turn an increment of its own counter. Errors are kept by status, with whether the
     * call had run past its deadline.
     */
    private static final class Load {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> increments = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        /** Increments an owner in doubt refused (FAILED_PRECONDITION "outcome unknown"): counted 0 or 1 times. */
        final Map<String, AtomicLong> unknownIncrements = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> missedReads = new ConcurrentLinkedQueue<>();
        final AtomicLong operations = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong slowestMs = new AtomicLong();
        /** What the cluster is going through, to tell in which phase an error came. */
        volatile String phase = "steady";
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> callers = new ArrayList<>();
        private final BlockingCache cache;
        private final String prefix;

        Load(BlockingCache cache, String prefix) {
            this.cache = cache;
            this.prefix = prefix;
        }

        void start() {
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                Thread thread = new Thread(() -> run(caller), "load-" + prefix + caller);
                thread.setDaemon(true);
                callers.add(thread);
                thread.start();
            }
        }

        private void run(int caller) {
            List<String> mine = new ArrayList<>();
            String counter = prefix + "-counter-" + caller;
            increments.put(counter, new AtomicLong());
            // Bounded in count too: 200k turns is far more than a run takes.
            for (int turn = 0; turn < 200_000 && !stopped.get(); turn++) {
                String key = prefix + "-" + caller + "-" + turn;
                String value = "v" + turn;
                timed(() -> {
                    PutResult put = cache.put(key, value, PutOptions.ifAbsent());
                    // A fresh key is ours: "not applied" can only mean our own first attempt was.
                    if (put.applied() || put.version() > 0) {
                        acknowledged.put(key, value);
                        mine.add(key);
                    }
                });
                if (!mine.isEmpty()) {
                    String earlier = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                    timed(() -> {
                        GetResult read = cache.get(earlier);
                        reads.incrementAndGet();
                        if (!read.found() || !read.valueAsString().equals(acknowledged.get(earlier))) {
                            missedReads.add(earlier + " read " + read);
                        }
                    });
                }
                if (turn % 4 == 0) {
                    timed(() -> {
                        try {
                            IncrementResult ignored = cache.increment(counter, 1);
                            increments.get(counter).incrementAndGet();
                        } catch (RingcacheException e) {
                            if (!e.getMessage().contains("outcome unknown")) {
                                throw e;
                            }
                            unknownIncrements.computeIfAbsent(counter, k -> new AtomicLong()).incrementAndGet();
                        }
                    });
                }
            }
        }

        private void timed(Runnable call) {
            long started = System.nanoTime();
            try {
                call.run();
            } catch (RingcacheException e) {
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                errors.add("[" + phase + "] " + e.status() + (tookMs >= DEADLINE.toMillis() ? " (past the deadline)" : "") + ": "
                        + e.getMessage());
            } finally {
                operations.incrementAndGet();
                slowestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Math::max);
            }
        }

        void stop() {
            stopped.set(true);
            for (Thread caller : callers) {
                try {
                    caller.join(DEADLINE.toMillis() + 5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
