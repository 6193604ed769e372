package io.ringcache.node.routing;

/** Which partition holds each slot. (Temporary shape; the contiguous layout replaces it.) */
public final class SlotLayout {

    private final int partitionCount;
    private final int[] partitionOfSlot;

    private SlotLayout(int partitionCount, int[] partitionOfSlot) {
        this.partitionCount = partitionCount;
        this.partitionOfSlot = partitionOfSlot;
    }

    public static SlotLayout of(int partitionCount, int[] partitionOfSlot) {
        return new SlotLayout(partitionCount, partitionOfSlot.clone());
    }

    public int partitionCount() {
        return partitionCount;
    }

    public int partitionOf(int slot) {
        return partitionOfSlot[slot];
    }
}
