package io.ringcache.node.store;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The writes this node has sent to each partition and not yet seen answered. While a partition
 * has one, its keys are not read in place but through the owner's partition queue, behind the
 * write: a read sent after a write through the same node (on one Pipeline stream, say) sees it,
 * as it did when every read went through that queue.
 */
final class WritesInFlight {

    private final AtomicIntegerArray byPartition;

    WritesInFlight(int partitionCount) {
        this.byPartition = new AtomicIntegerArray(partitionCount);
    }

    void begin(int partition) {
        byPartition.incrementAndGet(partition);
    }

    void end(int partition) {
        byPartition.decrementAndGet(partition);
    }

    boolean any(int partition) {
        return byPartition.get(partition) != 0;
    }
}
