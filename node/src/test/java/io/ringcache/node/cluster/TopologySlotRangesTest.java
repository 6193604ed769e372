package io.ringcache.node.cluster;

import io.ringcache.node.routing.SlotLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology's slot ranges: each partition's range, neighbours with the same replicas merged. */
class TopologySlotRangesTest {

    private static final SlotLayout FOUR = new SlotLayout(4); // 0-4095, 4096-8191, 8192-12287, 12288-16383

    @Test
    void neighboursWithTheSameOwnerAndBackups_areMerged_othersAreNot() {
        int[] replicas = {
            0, 1,  // partition 0
            0, 1,  // partition 1: same as 0
            0, 2,  // partition 2: same owner, another backup
            1, 0,  // partition 3
        };

        List<TopologySnapshot.SlotRange> ranges = TopologyView.slotRanges(FOUR, replicas, 1);

        assertThat(ranges).hasSize(3);
        assertRange(ranges.get(0), 0, 8191, 0, 1);
        assertRange(ranges.get(1), 8192, 12287, 0, 2);
        assertRange(ranges.get(2), 12288, 16383, 1, 0);
    }

    @Test
    void oneMemberWithoutBackups_isOneRangeOfEverySlot() {
        List<TopologySnapshot.SlotRange> ranges = TopologyView.slotRanges(FOUR, new int[] {0, 0, 0, 0}, 0);

        assertThat(ranges).hasSize(1);
        assertRange(ranges.get(0), 0, 16383, 0);
    }

    @Test
    void unassignedPartitions_areRangesWithOwnerMinusOne_mergedLikeAnyOther() {
        int[] replicas = {-1, -1, -1, -1, 2, -1, -1, -1};

        List<TopologySnapshot.SlotRange> ranges = TopologyView.slotRanges(FOUR, replicas, 1);

        assertThat(ranges).hasSize(3);
        assertRange(ranges.get(0), 0, 8191, -1, -1);
        assertRange(ranges.get(1), 8192, 12287, 2, -1);
        assertRange(ranges.get(2), 12288, 16383, -1, -1);
    }

    @Test
    void noTwoNeighbours_equal_isOneRangePerPartition() {
        int[] replicas = {0, 1, 2, 1, 0, 1, 2, 1};

        assertThat(TopologyView.slotRanges(FOUR, replicas, 1)).hasSize(4)
                .extracting(TopologySnapshot.SlotRange::firstSlot).containsExactly(0, 4096, 8192, 12288);
    }

    private static void assertRange(TopologySnapshot.SlotRange range, int first, int last, int owner, int... backups) {
        assertThat(range.firstSlot()).isEqualTo(first);
        assertThat(range.lastSlot()).isEqualTo(last);
        assertThat(range.owner()).isEqualTo(owner);
        assertThat(range.backups()).containsExactly(backups);
    }
}
