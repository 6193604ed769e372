package io.ringcache.cluster;

import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.CacheTestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A request's key is hashed to its slot once, on the node that takes the request, whoever
 * owns the key: metering, the silent-owner decision, the in-place read and the call to the
 * owner all reuse that one route. Counted with {@link Slots}' test hook (cluster-tests' surefire
 * turns it on); both nodes share this JVM, so the owner's work is counted too.
 */
class RouteOnceClusterTest {

    @BeforeAll
    static void countingIsOn() {
        assumeTrue(Slots.counting(), "needs -Dringcache.slots.count=true (set in cluster-tests' pom)");
    }

    @Test
    void singleKeyCalls_computeTheSlotOnce_whetherTheKeyIsLocalOrRouted() {
        try (InJvmCluster cluster = InJvmCluster.start(2)) {
            cluster.awaitClusterSafe();
            CacheTestClient client = cluster.client(0);
            String local = keyOwnedBy(cluster, 0, "local-");
            String routed = keyOwnedBy(cluster, 1, "routed-");
            for (String key : List.of(local, routed)) {
                client.put(key, "warm-up");
                client.get(key);

                assertThat(evaluationsDuring(() -> client.put(key, "v"))).as("Put of %s", key).isEqualTo(1);
                assertThat(evaluationsDuring(() -> client.get(key))).as("Get of %s", key).isEqualTo(1);
                assertThat(evaluationsDuring(() -> client.increment(key + ":n", 1))).as("Increment").isEqualTo(1);
                assertThat(evaluationsDuring(() -> client.touch(key, 0))).as("Touch").isEqualTo(1);
                assertThat(evaluationsDuring(() -> client.delete(key))).as("Delete of %s", key).isEqualTo(1);
            }
            assertThat(evaluationsDuring(() -> client.getMany(List.of(local, routed, "a", "b"))))
                    .as("GetMany of 4 keys").isEqualTo(4);
            assertThat(evaluationsDuring(() -> client.deleteMany(List.of(local, routed, "a"))))
                    .as("DeleteMany of 3 keys").isEqualTo(3);
        }
    }

    private static long evaluationsDuring(Runnable call) {
        long before = Slots.evaluations();
        call.run();
        return Slots.evaluations() - before;
    }

    private static String keyOwnedBy(InJvmCluster cluster, int node, String prefix) {
        for (int i = 0; ; i++) {
            if (cluster.ownerOf(prefix + i) == node) {
                return prefix + i;
            }
        }
    }
}
