package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes distinct keys through one node from a thread of its own, recording every write the
 * cluster acknowledged and every failure by status. Bounded in count and time.
 */
final class BackgroundWriter implements AutoCloseable {

    private final CacheTestClient client;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    BackgroundWriter(int grpcPort, int maxWrites, Duration maxTime) {
        this.client = new CacheTestClient(grpcPort);
        this.thread = new Thread(() -> run(maxWrites, System.nanoTime() + maxTime.toNanos()), "background-writer");
        thread.start();
    }

    private void run(int maxWrites, long deadlineNanos) {
        for (int i = 0; i < maxWrites && !stop.get() && System.nanoTime() < deadlineNanos; i++) {
            String key = "bg-" + i;
            String value = "value-" + i;
            try {
                if (client.put(key, value).getApplied()) {
                    acknowledged.put(key, value);
                }
            } catch (GrpcCallException e) {
                recordFailure(e.status().name());
            } catch (RuntimeException e) {
                recordFailure(e.getClass().getSimpleName());
            }
        }
    }

    private void recordFailure(String kind) {
        synchronized (failures) {
            failures.merge(kind, 1, Integer::sum);
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Stops writing and returns what was acknowledged. */
    Map<String, String> finish() throws InterruptedException {
        stop.set(true);
        thread.join(Duration.ofSeconds(30).toMillis());
        return Map.copyOf(acknowledged);
    }

    /** Failed writes by gRPC status name (or exception type for failures without a status). */
    Map<String, Integer> failures() {
        synchronized (failures) {
            return Map.copyOf(failures);
        }
    }

    @Override
    public void close() throws InterruptedException {
        finish();
        client.close();
    }
}
