package io.ringcache.node.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether this node serves requests. Ready once it has joined its cluster and its servers
 * listen, while nothing blocks it (a lost quorum does); not ready while starting and from the
 * moment shutdown begins. Deliberately not tied to cluster safety, which flips on every node
 * during each migration.
 */
public final class NodeReadiness implements io.ringcache.node.cache.Readiness {

    /** The phases of a node's life, in order. */
    public enum Phase {
        STARTING("starting: joining the cluster"),
        READY("ready"),
        DRAINING("shutting down: draining requests and handing partitions off"),
        STOPPED("stopped");

        private final String reason;

        Phase(String reason) {
            this.reason = reason;
        }

        /** Why the node is, or is not, ready, for people and health checks. */
        public String reason() {
            return reason;
        }
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final List<Supplier<String>> blockers = new CopyOnWriteArrayList<>();

    public Phase phase() {
        return phase.get();
    }

    /**
     * Makes readiness also depend on {@code problem}: while it answers a non-empty reason, a
     * running node is not ready.
     */
    public void blockWhile(Supplier<String> problem) {
        blockers.add(problem);
    }

    public boolean isReady() {
        return phase.get() == Phase.READY && problem().isEmpty();
    }

    /** Why the node is, or is not, ready, for people and health checks. */
    public String reason() {
        Phase current = phase.get();
        if (current != Phase.READY) {
            return current.reason();
        }
        String problem = problem();
        return problem.isEmpty() ? current.reason() : problem;
    }

    private String problem() {
        for (Supplier<String> blocker : blockers) {
            String problem = blocker.get();
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        return "";
    }

    /** Marks the node ready, unless shutdown has already begun. */
    public void markReady() {
        phase.compareAndSet(Phase.STARTING, Phase.READY);
    }

    /** Marks the node as shutting down, unless it has stopped already. */
    public void markDraining() {
        phase.getAndUpdate(p -> p == Phase.STOPPED ? p : Phase.DRAINING);
    }

    public void markStopped() {
        phase.set(Phase.STOPPED);
    }
}
