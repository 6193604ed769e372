package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.GetResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An independent client's steady write+read load, as a client that knows every node's address
 * would drive it: one worker per node, each writing distinct keys and reading back a random key
 * it wrote before; when a call fails, the worker moves on to the next node (as clients fail
 * over), and every so often it moves on anyway, so the load spreads again once a node is back.
 * Worker 0 also keeps overwriting one hot key. It records every write the cluster acknowledged,
 * every read that came back without an acknowledged value, and every failure by operation and
 * status. A call to a dead or frozen node costs at most its deadline; the load stops by itself
 * after {@code maxTime}.
 */
final class SteadyLoad implements AutoCloseable {

    static final String HOT_KEY = "hot";
    private static final String FLAGGED = " (flagged possibly_lost)";
    /** A common client deadline; the node answers UNAVAILABLE well within it when it cannot serve. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);
    private static final int CALLS_BEFORE_MOVING_ON = 50;
    private static final long BACKOFF_NANOS = Duration.ofMillis(20).toNanos();

    private final List<CacheTestClient> clients = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final List<String> missedReads = new ArrayList<>();
    private final AtomicLong hotAcknowledged = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts one worker per node, calling the nodes on {@code grpcPorts} of 127.0.0.1. */
    SteadyLoad(List<Integer> grpcPorts, Duration maxTime) {
        grpcPorts.forEach(port -> clients.add(new CacheTestClient("127.0.0.1", port, CALL_DEADLINE)));
        long deadline = System.nanoTime() + maxTime.toNanos();
        for (int t = 0; t < clients.size(); t++) {
            int worker = t;
            Thread thread = new Thread(() -> run(worker, deadline), "steady-load-" + t);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(int worker, long deadlineNanos) {
        List<String> written = new ArrayList<>();
        int target = worker;
        for (long i = 0; !stop.get() && System.nanoTime() < deadlineNanos; i++) {
            CacheTestClient client = clients.get(target);
            String key = "load-" + worker + "-" + i;
            String value = "v" + i;
            boolean ok = call("put", () -> client.put(key, value).getApplied());
            if (ok) {
                acknowledged.put(key, value);
                written.add(key);
                String old = written.get(ThreadLocalRandom.current().nextInt(written.size()));
                GetResponse[] read = new GetResponse[1];
                ok = call("get", () -> (read[0] = client.get(old)) != null);
                if (ok && !(read[0].getFound() && read[0].getValue().toStringUtf8().equals(acknowledged.get(old)))) {
                    synchronized (missedReads) {
                        missedReads.add(old + " via node " + target + (read[0].getPossiblyLost() ? FLAGGED : ""));
                    }
                }
            }
            if (ok && worker == 0) {
                long sequence = i + 1;
                ok = call("put", () -> client.put(HOT_KEY, Long.toString(sequence)).getApplied());
                if (ok) {
                    hotAcknowledged.accumulateAndGet(sequence, Math::max);
                }
            }
            if (!ok) {
                target = (target + 1) % clients.size();
                LockSupport.parkNanos(BACKOFF_NANOS); // as clients back off before retrying
            } else if (i % CALLS_BEFORE_MOVING_ON == 0) {
                target = (target + 1) % clients.size();
            }
        }
    }

    /** Runs one call; true when it answered, false (recorded) when it failed. */
    private boolean call(String operation, BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (GrpcCallException e) {
            failures.computeIfAbsent(operation + " " + e.status().name(), k -> new AtomicInteger()).incrementAndGet();
        } catch (RuntimeException e) {
            failures.computeIfAbsent(operation + " " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        return false;
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** A copy of the writes acknowledged so far. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** The highest sequence number the cluster acknowledged for {@link #HOT_KEY}. */
    long hotKeyAcknowledged() {
        return hotAcknowledged.get();
    }

    /** Reads of an acknowledged key that answered without its value (a loss, if only for a moment). */
    List<String> missedReads() {
        synchronized (missedReads) {
            return List.copyOf(missedReads);
        }
    }

    /** Missed reads the node did not flag as possibly lost: silent losses, never acceptable. */
    List<String> silentlyMissedReads() {
        return missedReads().stream().filter(miss -> !miss.endsWith(FLAGGED)).toList();
    }

    /** Failed calls by "operation STATUS". */
    Map<String, Integer> failures() {
        Map<String, Integer> counts = new TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** The statuses (or exception types) of every failed call, whatever the operation. */
    java.util.Set<String> failedStatuses() {
        java.util.Set<String> statuses = new java.util.TreeSet<>();
        failures.keySet().forEach(kind -> statuses.add(kind.substring(kind.indexOf(' ') + 1)));
        return statuses;
    }

    /** Stops the load; returns the writes acknowledged. */
    Map<String, String> finish() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        return acknowledged();
    }

    @Override
    public void close() throws InterruptedException {
        finish();
        clients.forEach(CacheTestClient::close);
    }
}
