package io.ringcache.node.cluster;

import java.util.function.Consumer;

/** The topology for protocol adapters, without Hazelcast in sight. */
public interface TopologySource {

    /** The latest snapshot. */
    TopologySnapshot current();

    /**
     * Calls {@code watcher} with every new snapshot (a new epoch), from any thread, until the
     * returned handle is run.
     */
    Runnable watch(Consumer<TopologySnapshot> watcher);
}
