package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Availability of a chosen set of keys, second by second: {@code threads} workers alternate a
 * put and a get on those keys, each through one of the given nodes (moving on to the next node
 * after a failure, as clients fail over), and count the calls answered in each second since
 * the start. A partition should leave keys whose every copy is on the serving side available;
 * the counts show how far it does.
 */
final class PerSecondRate implements AutoCloseable {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
    private static final long BACKOFF_NANOS = Duration.ofMillis(20).toNanos();
    private static final int MAX_SECONDS = 600;

    private final long startNanos = System.nanoTime();
    private final AtomicIntegerArray answered = new AtomicIntegerArray(MAX_SECONDS);
    private final LoadWorkers workers;

    PerSecondRate(List<Integer> grpcPorts, List<String> keys, int threadCount) {
        workers = new LoadWorkers(grpcPorts, CALL_DEADLINE);
        workers.start(threadCount, "per-second-rate", worker -> run(worker, keys));
    }

    private void run(int worker, List<String> keys) {
        int target = worker % workers.nodes();
        for (long i = 0; !workers.stopping() && secondOf(System.nanoTime()) < MAX_SECONDS; i++) {
            String key = keys.get((int) ((worker + i * 7) % keys.size()));
            CacheTestClient client = workers.client(target);
            try {
                if (i % 2 == 0) {
                    client.put(key, Long.toString(i));
                } else {
                    client.get(key);
                }
                answered.incrementAndGet(secondOf(System.nanoTime()));
            } catch (RuntimeException e) { // GrpcCallException, or a connection that failed
                target = (target + 1) % workers.nodes();
                LockSupport.parkNanos(BACKOFF_NANOS);
            }
        }
    }

    private int secondOf(long nanos) {
        return (int) Math.max(0, Math.min(MAX_SECONDS - 1, (nanos - startNanos) / 1_000_000_000L));
    }

    /** Whole seconds since the workers started. */
    long secondsRunning() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    /** Answered calls in each whole second from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive). */
    int[] perSecond(long fromNanos, long toNanos) {
        int first = secondOf(fromNanos);
        int last = secondOf(toNanos);
        int[] counts = new int[Math.max(0, last - first)];
        for (int s = first; s < last; s++) {
            counts[s - first] = answered.get(s);
        }
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
