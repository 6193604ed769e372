package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;

import java.time.Duration;

/**
 * Finds keys whose owner has stopped sending heartbeats but is still in the membership view:
 * frozen (a long GC pause, SIGSTOP, a paused VM) or cut off, and not yet suspected. Calls for
 * such keys are not sent to the silent member: reads are answered from a backup copy (this
 * node's, or a live backup holder's), writes are refused at once as retryable.
 *
 * <p>Why refuse rather than wait: every call sent to a member that does not read its socket
 * queues on the connection to it, and under load that backlog grows by thousands of
 * operations a second. It occupies the I/O thread that also carries the heartbeats and the
 * mastership claim between the surviving members, and was measured to delay them by 3 s, which
 * delays the failover itself. A client gets UNAVAILABLE in microseconds and can retry
 * elsewhere, instead of DEADLINE_EXCEEDED after its whole deadline.
 */
public final class SilentOwners {

    private final SlotPartitions partitions;
    private final InternalPartitionService partitionTable;
    private final PartitionReplica self;
    private final Cluster cluster;
    private final MemberHearing heartbeats;
    private final long silenceMs;

    /**
     * @param silence how long without a heartbeat makes an owner silent: half the member
     *                timeout (heartbeats arrive every second), so two or more missed in a row
     */
    public SilentOwners(HazelcastInstance hazelcast, SlotPartitions partitions, MemberHearing heartbeats,
                        Duration silence) {
        this.partitions = partitions;
        // The public API names only a partition's owner; its backups are in the internal table.
        this.partitionTable = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getPartitionService();
        this.self = PartitionReplica.from(hazelcast.getCluster().getLocalMember());
        this.cluster = hazelcast.getCluster();
        this.heartbeats = heartbeats;
        this.silenceMs = silence.toMillis();
    }

    /** The silence that makes an owner silent, for a member timeout. */
    public static Duration silenceFor(Duration memberTimeout) {
        return Duration.ofMillis(Math.max(1_500, memberTimeout.toMillis() / 2));
    }

    /** The owner of the key when it is another member that has gone silent; null otherwise. */
    public Member silentOwnerOf(byte[] key) {
        if (partitions.ownedLocally(key)) {
            return null;
        }
        Member owner = partitions.ownerOfKey(key);
        if (owner == null || owner.localMember() || !heartbeats.isSilent(owner.getUuid(), silenceMs)) {
            return null;
        }
        return owner;
    }

    /**
     * A member other than this one holding a backup copy of the key's partition that is not
     * silent itself, first backup first; null when there is none.
     *
     * @param backups how many backup copies the key's cache keeps: the partition table names
     *                more replicas than that, but only the first ones hold the cache's data
     */
    public Member liveBackupOf(byte[] key, int backups) {
        InternalPartition replicas = partitionTable.getPartition(partitions.partitionOfKey(key));
        for (int index = 1; index <= backups && index < InternalPartition.MAX_REPLICA_COUNT; index++) {
            PartitionReplica replica = replicas.getReplica(index);
            if (replica == null || replica.equals(self) || heartbeats.isSilent(replica.uuid(), silenceMs)) {
                continue;
            }
            for (Member member : cluster.getMembers()) {
                if (member.getUuid().equals(replica.uuid())) {
                    return member;
                }
            }
        }
        return null;
    }

    /** Whether this node holds one of the first {@code backups} backup copies of the key's partition. */
    public boolean holdsBackupOf(byte[] key, int backups) {
        int index = partitionTable.getPartition(partitions.partitionOfKey(key)).getReplicaIndex(self);
        return index > 0 && index <= backups;
    }

    public long silenceMs() {
        return silenceMs;
    }
}
