package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.CacheStoreContract;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * The contract on the Hazelcast store as a single real node serves it (admitted and metered),
 * on real time: expiries are awaited.
 */
class HazelcastCacheStoreTest extends CacheStoreContract {

    private static RingcacheNode node;

    @BeforeAll
    static void startNode() {
        node = TestNodes.startNode(TestNodes.config(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "",
                contractFlags().toArray(String[]::new))));
    }

    @AfterAll
    static void stopNode() {
        Awaits.result(node.stop());
    }

    @Override
    protected CacheStore store() {
        return node.store();
    }

    @Override
    protected void afterTimePasses(Duration elapsed, Callable<Boolean> condition) {
        await().atMost(elapsed.plusSeconds(10)).pollDelay(elapsed).pollInterval(Duration.ofMillis(25))
                .until(condition);
    }
}
