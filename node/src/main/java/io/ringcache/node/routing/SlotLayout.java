package io.ringcache.node.routing;

/**
 * Which partition holds each slot: the 16384 slots cut into {@code P} contiguous ranges, in
 * order, so a partition's slots (and so its owner's share of the key space) can be named as one
 * range. Partition {@code p} holds slots {@code floor(p * 16384 / P)} through
 * {@code floor((p + 1) * 16384 / P) - 1}: every slot is in exactly one partition, partition
 * numbers rise with slot numbers, and two partitions' sizes differ by at most one slot.
 *
 * <p>A pure function of the partition count, so every member and every client that knows the
 * count computes the same layout. Immutable; safe to share between threads.
 */
public final class SlotLayout {

    private final int partitionCount;
    private final short[] partitionOfSlot;

    /**
     * @param partitionCount the cluster's partition count, 1..16384 (a partition must hold at
     *                       least one slot)
     * @throws IllegalArgumentException for a count outside 1..16384
     */
    public SlotLayout(int partitionCount) {
        if (partitionCount < 1 || partitionCount > Slots.COUNT) {
            throw new IllegalArgumentException("partition-count must be between 1 and " + Slots.COUNT
                    + " (each partition holds a range of at least one of the " + Slots.COUNT + " slots), not "
                    + partitionCount);
        }
        this.partitionCount = partitionCount;
        // Short: partition ids are below 16384, and 32 KiB stays in cache better than 64.
        this.partitionOfSlot = new short[Slots.COUNT];
        for (int partition = 0; partition < partitionCount; partition++) {
            for (int slot = firstSlot(partition); slot <= lastSlot(partition); slot++) {
                partitionOfSlot[slot] = (short) partition;
            }
        }
    }

    /** The number of partitions the slots are spread over. */
    public int partitionCount() {
        return partitionCount;
    }

    /** The partition holding {@code slot} (0..16383). */
    public int partitionOf(int slot) {
        return partitionOfSlot[slot];
    }

    /** The first (lowest) slot of {@code partition}. */
    public int firstSlot(int partition) {
        checkPartition(partition);
        return (int) ((long) partition * Slots.COUNT / partitionCount);
    }

    /** The last slot of {@code partition}, inclusive. */
    public int lastSlot(int partition) {
        checkPartition(partition);
        return (int) ((long) (partition + 1) * Slots.COUNT / partitionCount) - 1;
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitionCount) {
            throw new IndexOutOfBoundsException("partition " + partition + " of " + partitionCount);
        }
    }
}
