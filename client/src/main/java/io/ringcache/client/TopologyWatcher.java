package io.ringcache.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the router's topology current: one WatchTopology stream at a time, and when it ends
 * (the node shut down, the connection broke) a new one on the next candidate (members first,
 * then seeds), after a jittered backoff that resets once a message arrives.
 */
final class TopologyWatcher {

    private final Transport transport;
    private final Router router;
    private final Backoff backoff;
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private final AtomicInteger nextCandidate = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    /** Why the last stream ended, for a connect() that times out: "no topology" alone says little. */
    private volatile Throwable lastFailure;
    /** The open stream's canceller; null once closed. */
    private final AtomicReference<Runnable> current = new AtomicReference<>(() -> { });

    TopologyWatcher(Transport transport, Router router, Backoff backoff) {
        this.transport = transport;
        this.router = router;
        this.backoff = backoff;
    }

    /** Completes when the first topology has arrived. */
    CompletableFuture<Void> first() {
        return first;
    }

    /** Why the last topology stream ended, or null. */
    Throwable lastFailure() {
        return lastFailure;
    }

    void start() {
        subscribe();
    }

    private void subscribe() {
        if (current.get() == null) {
            return;
        }
        List<String> candidates = router.watchCandidates();
        String address = candidates.get(Math.floorMod(nextCandidate.getAndIncrement(), candidates.size()));
        Runnable cancel = transport.watchTopology(address, message -> {
            failures.set(0);
            router.update(ClientTopology.of(message));
            first.complete(null);
        }, error -> {
            if (error != null) {
                lastFailure = error;
                router.avoid(address);
            }
            resubscribe();
        });
        Runnable previous = current.get();
        if (previous == null || !current.compareAndSet(previous, cancel)) {
            cancel.run();
        }
    }

    private void resubscribe() {
        if (current.get() != null) {
            transport.schedule(backoff.delayMs(failures.getAndIncrement()), this::subscribe);
        }
    }

    void close() {
        Runnable open = current.getAndSet(null);
        if (open != null) {
            open.run();
        }
    }
}
