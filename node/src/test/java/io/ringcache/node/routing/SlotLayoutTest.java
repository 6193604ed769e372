package io.ringcache.node.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every partition holds one contiguous range of slots, the ranges in order and near-equal in size. */
class SlotLayoutTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 271, 1000, 16383, 16384})
    void ranges_coverEverySlotOnce_inOrder_andDifferInSizeByAtMostOne(int partitionCount) {
        SlotLayout layout = new SlotLayout(partitionCount);

        assertThat(layout.partitionCount()).isEqualTo(partitionCount);
        int nextSlot = 0;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int partition = 0; partition < partitionCount; partition++) {
            assertThat(layout.firstSlot(partition)).as("first slot of %d", partition).isEqualTo(nextSlot);
            assertThat(layout.lastSlot(partition)).isGreaterThanOrEqualTo(layout.firstSlot(partition));
            for (int slot = layout.firstSlot(partition); slot <= layout.lastSlot(partition); slot++) {
                assertThat(layout.partitionOf(slot)).as("partition of slot %d", slot).isEqualTo(partition);
            }
            int size = layout.lastSlot(partition) - layout.firstSlot(partition) + 1;
            smallest = Math.min(smallest, size);
            largest = Math.max(largest, size);
            nextSlot = layout.lastSlot(partition) + 1;
        }
        assertThat(nextSlot).isEqualTo(Slots.COUNT);
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
    }

    @Test
    void theDefaultCount_givesEachPartitionSixtyOrSixtyOneSlots_asTheFormulaSays() {
        SlotLayout layout = new SlotLayout(271);

        assertThat(layout.firstSlot(0)).isZero();
        assertThat(layout.lastSlot(0)).isEqualTo(16384 / 271 - 1);
        assertThat(layout.firstSlot(100)).isEqualTo(100 * 16384 / 271);
        assertThat(layout.lastSlot(270)).isEqualTo(16383);
        assertThat(layout.partitionOf(16383)).isEqualTo(270);
    }

    @Test
    void onePartition_holdsEverySlot_andOnePerSlot_isTheIdentity() {
        assertThat(new SlotLayout(1).lastSlot(0)).isEqualTo(16383);
        SlotLayout perSlot = new SlotLayout(16384);
        assertThat(perSlot.partitionOf(12182)).isEqualTo(12182);
        assertThat(perSlot.firstSlot(12182)).isEqualTo(perSlot.lastSlot(12182)).isEqualTo(12182);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 16385, 100_000})
    void aCountOutside1To16384_isRefused_namingTheSetting(int partitionCount) {
        assertThatThrownBy(() -> new SlotLayout(partitionCount))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition-count must be between 1 and 16384")
                .hasMessageContaining(Integer.toString(partitionCount));
    }

    @Test
    void aPartitionOutsideTheLayout_isRefused() {
        SlotLayout layout = new SlotLayout(271);

        assertThatThrownBy(() -> layout.firstSlot(271)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> layout.lastSlot(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
