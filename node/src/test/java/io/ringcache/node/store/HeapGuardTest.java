package io.ringcache.node.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapGuardTest {

    private final long maxHeap = Runtime.getRuntime().maxMemory();

    @Test
    void fullAboveTheLimitAfterAGc_andFreeAgainBelowIt() {
        try (HeapGuard guard = new HeapGuard(90)) {
            guard.record(maxHeap / 2);
            assertThat(guard.isFull()).isFalse();

            guard.record(maxHeap / 20 * 19);
            assertThat(guard.isFull()).isTrue();
            assertThat(guard.usedPercent()).isBetween(94, 95);

            guard.record(maxHeap / 100 * 60);
            assertThat(guard.isFull()).isFalse();
        }
    }

    @Test
    void aLimitOfOneHundred_neverRefuses() {
        try (HeapGuard guard = new HeapGuard(100)) {
            guard.record(maxHeap / 100 * 99);
            assertThat(guard.isFull()).isFalse();
        }
    }
}
