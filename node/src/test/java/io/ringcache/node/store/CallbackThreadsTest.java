package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the trap in DESIGN.md: completing Hazelcast futures with plain callbacks on a
 * machine whose common ForkJoin pool has parallelism 1 (surefire pins it so) starts a new
 * thread per operation. Counting threads, not timing, makes this deterministic.
 */
class CallbackThreadsTest {

    private static final int OPERATIONS = 1000;

    @Test
    void operations_doNotStartAThreadEach() {
        RingcacheNode node = TestNodes.startSingleNode();
        try (CacheTestClient client = new CacheTestClient(node.grpcPort())) {
            client.put("warm-up", "v");
            client.get("warm-up");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getTotalStartedThreadCount();

            for (int i = 0; i < OPERATIONS / 2; i++) {
                client.put("key-" + i, "value");
                client.get("key-" + i);
            }

            long started = threads.getTotalStartedThreadCount() - before;
            assertThat(started).as("threads started during %d operations", OPERATIONS).isLessThan(50);
        } finally {
            Awaits.result(node.stop());
        }
    }
}
