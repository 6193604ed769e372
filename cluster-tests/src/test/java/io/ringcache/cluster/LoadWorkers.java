package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * The threads and clients behind a test load: one client per node (each call bounded by the
 * load's deadline), daemon worker threads, and one stop flag they poll. Stopping waits for each
 * worker at most one call deadline and a margin, so a load never outlives its test.
 */
final class LoadWorkers implements AutoCloseable {

    private static final long JOIN_MARGIN_MS = 5_000;

    private final Duration callDeadline;
    private final List<CacheTestClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    LoadWorkers(List<Integer> grpcPorts, Duration callDeadline) {
        this.callDeadline = callDeadline;
        grpcPorts.forEach(port -> clients.add(new CacheTestClient("127.0.0.1", port, callDeadline)));
    }

    /** Starts {@code count} workers named {@code name-N}, each running {@code body} with its index. */
    void start(int count, String name, IntConsumer body) {
        for (int i = 0; i < count; i++) {
            int worker = i;
            Thread thread = new Thread(() -> body.accept(worker), name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    boolean stopping() {
        return stop.get();
    }

    /** How many nodes the load calls; a worker fails over to the next one after an error. */
    int nodes() {
        return clients.size();
    }

    CacheTestClient client(int node) {
        return clients.get(node);
    }

    /** Tells the workers to stop and waits for them (bounded). */
    void stopAndJoin() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(callDeadline.toMillis() + JOIN_MARGIN_MS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopAndJoin();
        clients.forEach(CacheTestClient::close);
    }
}
