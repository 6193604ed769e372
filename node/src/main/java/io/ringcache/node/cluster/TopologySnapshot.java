package io.ringcache.node.cluster;

import java.util.List;
import java.util.Map;

/**
 * The cluster as one node sees it at one moment: immutable, shared freely between threads.
 *
 * @param epoch          fingerprint of the members and of every slot's replicas
 * @param members        the members, oldest first
 * @param localIndex     the index of this node in {@code members}
 * @param slotOwners     per slot, the index of its owner in {@code members} (-1 unassigned)
 * @param backupsPerSlot how many backup entries each slot has in {@code slotBackups}
 * @param slotBackups    slot-major: the indexes of each slot's backups (-1 where none)
 * @param partitionsOwned  per member, the partitions whose primary copy it holds
 * @param partitionsBacked per member, the partitions it holds a synchronous backup of
 * @param slotRanges     {@code slotOwners} and {@code slotBackups} as ranges: slots 0..16383
 *                       once each, ordered, neighbours with the same replicas merged
 */
public record TopologySnapshot(long epoch, List<MemberEndpoints> members, int localIndex, int[] slotOwners,
                               int backupsPerSlot, int[] slotBackups, int[] partitionsOwned,
                               int[] partitionsBacked, List<SlotRange> slotRanges) {

    /**
     * Consecutive slots with the same replicas.
     *
     * @param firstSlot the first slot
     * @param lastSlot  the last slot, inclusive
     * @param owner     the index of the owner in {@code members} (-1 unassigned)
     * @param backups   {@code backupsPerSlot} indexes of the backups, first first (-1 where none)
     */
    public record SlotRange(int firstSlot, int lastSlot, int owner, int[] backups) {
    }

    /**
     * Where clients reach a member.
     *
     * @param id          the member's UUID
     * @param grpcAddress host:port of its gRPC API
     * @param httpAddress host:port of its HTTP endpoints
     * @param endpoints   host:port of every client endpoint, by endpoint name ({@code grpc},
     *                    {@code http}, ...), sorted by name
     */
    public record MemberEndpoints(String id, String grpcAddress, String httpAddress, Map<String, String> endpoints) {
    }
}
