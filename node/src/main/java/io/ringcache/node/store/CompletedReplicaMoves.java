package io.ringcache.node.store;

import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

/** A migration listener that cares only about replicas that finished moving. */
interface CompletedReplicaMoves extends MigrationListener {

    @Override
    void replicaMigrationCompleted(ReplicaMigrationEvent event);

    @Override
    default void migrationStarted(MigrationState state) {
    }

    @Override
    default void migrationFinished(MigrationState state) {
    }

    @Override
    default void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
}
