package io.ringcache.node.cluster;

import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Partition migrations as Hazelcast's coordinator plans them: whether a migration round is
 * running, how many replica moves it plans, and every replica move completed or failed.
 */
public final class MigrationCounts implements MigrationListener {

    /** Counts the migrations of {@code hazelcast}'s cluster from now on. */
    public static MigrationCounts following(com.hazelcast.core.HazelcastInstance hazelcast) {
        MigrationCounts counts = new MigrationCounts();
        hazelcast.getPartitionService().addMigrationListener(counts);
        return counts;
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong planned = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong roundCompleted = new AtomicLong();

    @Override
    public void migrationStarted(MigrationState state) {
        running.set(true);
        planned.set(state.getPlannedMigrations());
        roundCompleted.set(0);
    }

    @Override
    public void migrationFinished(MigrationState state) {
        running.set(false);
        planned.set(0);
        roundCompleted.set(0);
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        completed.incrementAndGet();
        roundCompleted.incrementAndGet();
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        failed.incrementAndGet();
        roundCompleted.incrementAndGet();
    }

    /** Replica moves of the current round not yet done; 0 when no round is running. */
    public long inProgress() {
        return running.get() ? Math.max(0, planned.get() - roundCompleted.get()) : 0;
    }

    public long completed() {
        return completed.get();
    }

    public long failed() {
        return failed.get();
    }
}
