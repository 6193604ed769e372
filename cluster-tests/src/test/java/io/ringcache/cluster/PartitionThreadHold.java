package io.ringcache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.PartitionSpecificRunnable;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the thread that runs one partition's operations on one member, as a long pause of that
 * thread would: operations for the partition (a backup copy's writes, say) queue until
 * {@link #close()}. Bounded: the thread is let go after {@code limit} in any case.
 */
final class PartitionThreadHold implements AutoCloseable {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private PartitionThreadHold(HazelcastInstance member, int partition, Duration limit) throws InterruptedException {
        OperationServiceImpl operations = (OperationServiceImpl) ((HazelcastInstanceProxy) member).getOriginal()
                .node.getNodeEngine().getOperationService();
        operations.execute(new PartitionSpecificRunnable() {
            @Override
            public int getPartitionId() {
                return partition;
            }

            @Override
            public void run() {
                held.countDown();
                try {
                    release.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("partition " + partition + "'s thread was not free within 10 s");
        }
    }

    /** Holds {@code partition}'s thread on {@code member}; returns once it is held. */
    static PartitionThreadHold on(HazelcastInstance member, int partition) throws InterruptedException {
        return new PartitionThreadHold(member, partition, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        release.countDown();
    }
}
