package io.ringcache.node.cluster;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node serves requests. Ready once it has joined its cluster and its servers
 * listen; not ready while starting and from the moment shutdown begins. Deliberately not tied
 * to cluster safety, which flips on every node during each migration.
 */
public final class NodeReadiness {

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

    public Phase phase() {
        return phase.get();
    }

    public boolean isReady() {
        return phase.get() == Phase.READY;
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
