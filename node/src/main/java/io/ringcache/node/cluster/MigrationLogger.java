package io.ringcache.node.cluster;

import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each partition migration round once when it starts and once when it ends; single
 * replica moves are counted on {@code /metrics}, not logged.
 */
final class MigrationLogger implements MigrationListener {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLogger.class);

    @Override
    public void migrationStarted(MigrationState state) {
        LOG.info("Partition migration started: {} replica moves planned", state.getPlannedMigrations());
    }

    @Override
    public void migrationFinished(MigrationState state) {
        LOG.info("Partition migration finished: {} of {} replica moves done, {} not, in {} ms",
                state.getCompletedMigrations(), state.getPlannedMigrations(), state.getRemainingMigrations(),
                state.getTotalElapsedTime());
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        // Counted on /metrics (ringcache_migrations_failed_total); the round's end says how many.
    }
}
