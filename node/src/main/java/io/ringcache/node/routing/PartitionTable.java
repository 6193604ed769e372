package io.ringcache.node.routing;

import java.util.List;

/**
 * One immutable snapshot of the partition table: which member holds each replica of each
 * partition, and how slots map to partitions. A new snapshot is published whenever ownership
 * changes; a request computes its routes from the one it read first.
 */
public final class PartitionTable {

    private final SlotLayout layout;
    private final MemberRef[][] replicas;
    private final long stamp;

    /**
     * @param layout   which partition holds each slot
     * @param replicas per partition, its replicas in order (index 0 the owner); null entries
     *                 for replicas not assigned; the arrays are owned by this table from now on
     * @param stamp    changes whenever the table changes
     */
    public PartitionTable(SlotLayout layout, MemberRef[][] replicas, long stamp) {
        if (replicas.length != layout.partitionCount()) {
            throw new IllegalArgumentException("a table for " + layout.partitionCount() + " partitions has "
                    + replicas.length);
        }
        this.layout = layout;
        this.replicas = replicas;
        this.stamp = stamp;
    }

    public SlotLayout layout() {
        return layout;
    }

    public int partitionOf(int slot) {
        return layout.partitionOf(slot);
    }

    /** The partition's owner; null while it has none. */
    public MemberRef owner(int partition) {
        MemberRef[] row = replicas[partition];
        return row.length == 0 ? null : row[0];
    }

    /** The partition's replica at {@code index} (0 = owner, 1 = first backup ...); null when none. */
    public MemberRef replica(int partition, int index) {
        MemberRef[] row = replicas[partition];
        return index < row.length ? row[index] : null;
    }

    /** How many replica places the table keeps per partition. */
    public int replicaCount(int partition) {
        return replicas[partition].length;
    }

    /** Which replica of {@code partition} this node holds: 0 owner, 1.. backup, -1 none. */
    public int selfReplicaIndex(int partition) {
        MemberRef[] row = replicas[partition];
        for (int index = 0; index < row.length; index++) {
            if (row[index] != null && row[index].self()) {
                return index;
            }
        }
        return -1;
    }

    /** How many partitions this node owns. */
    public int ownedPartitions() {
        int owned = 0;
        for (MemberRef[] row : replicas) {
            if (row.length > 0 && row[0] != null && row[0].self()) {
                owned++;
            }
        }
        return owned;
    }

    public long stamp() {
        return stamp;
    }

    /** The partition's replicas, owner first, for callers that list them (topology). */
    public List<MemberRef> replicasOf(int partition) {
        return java.util.Arrays.asList(replicas[partition].clone());
    }
}
