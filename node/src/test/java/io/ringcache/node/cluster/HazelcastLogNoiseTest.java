package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import com.hazelcast.internal.partition.PartitionStateVersionMismatchException;
import org.junit.jupiter.api.Test;

class HazelcastLogNoiseTest {

    private final LoggerContext context = new LoggerContext();
    private final HazelcastLogNoise filter = new HazelcastLogNoise();

    private void assertDropped(String logger, String message) {
        assertReply(logger, message, FilterReply.DENY);
    }

    private void assertPassed(String logger, String message) {
        assertReply(logger, message, FilterReply.NEUTRAL);
    }

    private void assertReply(String logger, String message, FilterReply expected) {
        assertReply(logger, message, null, expected);
    }

    private void assertReply(String logger, String message, Throwable thrown, FilterReply expected) {
        assertThat(filter.decide(null, context.getLogger(logger), Level.WARN, message, null, thrown))
                .as("%s: %s (%s)", logger, message, thrown).isEqualTo(expected);
    }

    @Test
    void expectedEvents_areDropped_byLoggerAndText() {
        // Seen by LogFormatIT in CI when the member that stopped was the oldest (the master).
        assertDropped("com.hazelcast.internal.cluster.ClusterService",
                "[127.0.0.1]:22866 [c] [5.6.0] Mastership of [127.0.0.1]:24509 is accepted. Response: MembersView{}");
        assertDropped("com.hazelcast.internal.cluster.impl.MembershipManager",
                "[127.0.0.1]:1 [c] [5.6.0] Member [127.0.0.1]:2 is suspected to be dead for reason: x");
        // Seen by LogFormatIT in CI on the master, as the third member left gracefully.
        assertDropped("com.hazelcast.internal.cluster.impl.MembershipManager",
                "[127.0.0.1]:24143 [c] [5.6.0] Received suspected members: [Member [127.0.0.1]:27265 - 4783] "
                        + "from Member [127.0.0.1]:29789 - f49f");
        // Seen by LogFormatIT in CI when the master left right after publishing migrations.
        assertDropped("com.hazelcast.spi.impl.operationservice.impl.OutboundResponseHandler",
                "[127.0.0.1]:26805 [c] [5.6.0] Cannot send response: true to [127.0.0.1]:24200. "
                        + "com.hazelcast.internal.partition.operation.PublishCompletedMigrationsOperation{}");
        // Seen by LogFormatIT with the CPU busy while the three members formed.
        assertDropped("com.hazelcast.internal.partition.operation.PartitionStateOperation",
                "[127.0.0.1]:31276 [c] [5.6.0] com.hazelcast.spi.exception.CallerNotMemberException: Not Member! "
                        + "this: [127.0.0.1]:31276, caller: [127.0.0.1]:24747, partitionId: -1");
        // Both seen by LogFormatIT when the third member left while the formation migrated.
        assertDropped("com.hazelcast.internal.partition.InternalPartitionService",
                "[127.0.0.1]:31225 [c] [5.6.0] Ignoring received partition table, startup is not completed yet. "
                        + "Sender: [127.0.0.1]:26898");
        assertDropped("com.hazelcast.internal.partition.impl.MigrationManagerImpl",
                "[127.0.0.1]:21279 [c] [5.6.0] Migration failed: MigrationInfo{partitionId=1, status=ACTIVE}");
        // Seen in NemesesContainerIT's one-way cut: an owner's lease refusing reads and writes.
        assertDropped("com.hazelcast.map.impl.operation.EntryOperation", "[172.23.0.5]:5701 [ringcache] [5.6.0] "
                + "node not ready: the key's owner has not heard the cluster's coordinator for half the member timeout");
    }

    @Test
    void aMoveRefusedByAMemberStillJoining_isDropped_butOtherFailedMovesAreNot() {
        // Seen by LogFormatIT in CI on a source member while three members formed.
        String logger = "com.hazelcast.internal.partition.operation.MigrationRequestOperation";
        String message = "[127.0.0.1]:29694 [c] [5.6.0] Failure while executing MigrationInfo{partitionId=1, status=ACTIVE}";
        assertReply(logger, message, new IllegalStateException(
                "Migration operation is received before startup is completed. Sender: [127.0.0.1]:29694"), FilterReply.DENY);
        // Seen by LogFormatIT right after: the destination had no partition table yet (stamp 0).
        assertReply(logger, message, new PartitionStateVersionMismatchException(
                "Local partition stamp is not equal to master's stamp! Local: 0, Master: 3"), FilterReply.DENY);
        // A member with a table that disagrees is not joining; that passes.
        assertReply(logger, message, new PartitionStateVersionMismatchException(
                "Local partition stamp is not equal to master's stamp! Local: 7, Master: 3"), FilterReply.NEUTRAL);
        assertReply(logger, message, new IllegalStateException("Cluster state is not active! FROZEN"), FilterReply.NEUTRAL);
        assertReply(logger, message, null, FilterReply.NEUTRAL);
    }

    @Test
    void everythingElse_passes() {
        assertPassed("com.hazelcast.internal.cluster.ClusterService", "Mastership of x is claimed");
        assertPassed("io.ringcache.node.RingcacheNode", "is suspected to be dead");
        // A reply to a cache operation that cannot be sent is not about a departure.
        assertPassed("com.hazelcast.spi.impl.operationservice.impl.OutboundResponseHandler",
                "Cannot send response: x to [127.0.0.1]:1. com.hazelcast.map.impl.operation.PutOperation{}");
        // Any other failure of an entry operation is a bug or a fault, and is logged.
        assertPassed("com.hazelcast.map.impl.operation.EntryOperation",
                "[127.0.0.1]:1 [c] [5.6.0] java.lang.NullPointerException");
    }
}
