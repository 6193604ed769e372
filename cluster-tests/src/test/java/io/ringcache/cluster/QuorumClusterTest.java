package io.ringcache.cluster;

import io.ringcache.node.testing.GrpcCallException;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Split-brain protection in a 3-node cluster: a node left alone by crashes cannot tell them
 * from a network split, so it refuses; one left alone by graceful leaves keeps serving.
 */
class QuorumClusterTest {

    private static final Duration DETECTION_BOUND = Duration.ofSeconds(30);

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeLeftAloneByCrashes_refusesWithUnavailable_andIsNotReady() {
        cluster = InJvmCluster.start(3);
        cluster.client(0).put("k", "v");

        cluster.terminate(1);
        cluster.terminate(2);

        await("the survivor sees itself alone").atMost(DETECTION_BOUND)
                .until(() -> cluster.hazelcast(0).getCluster().getMembers().size() == 1);
        await("the survivor refuses").atMost(DETECTION_BOUND).until(() -> statusOfGet(0) == GrpcStatus.UNAVAILABLE);
        assertThatThrownBy(() -> cluster.client(0).put("new", "v"))
                .isInstanceOfSatisfying(GrpcCallException.class,
                        e -> assertThat(e.status()).isEqualTo(GrpcStatus.UNAVAILABLE));
        JsonObject ready = NodeProbe.ask("127.0.0.1", cluster.node(0).httpPort());
        assertThat(ready.getInteger("http")).isEqualTo(503);
        assertThat(ready.getString("reason")).isEqualTo("no quorum: sees 1 of 3 expected members, needs 2");
    }

    @Test
    void aNodeLeftAloneByGracefulLeaves_keepsServing() {
        cluster = InJvmCluster.start(3);
        cluster.client(0).put("k", "v");

        cluster.stopGracefully(2);
        cluster.stopGracefully(1);

        await().atMost(DETECTION_BOUND).until(() -> cluster.hazelcast(0).getCluster().getMembers().size() == 1);
        assertThat(cluster.client(0).get("k").getValue().toStringUtf8()).isEqualTo("v");
        cluster.client(0).put("new", "v");
        assertThat(NodeProbe.readyMembers("127.0.0.1", cluster.node(0).httpPort())).isEqualTo(1);
    }

    @Test
    void withProtectionOff_aNodeLeftAloneByCrashesServes() {
        cluster = InJvmCluster.start(3, "--split-brain-protection=off");
        cluster.client(0).put("k", "v");

        cluster.terminate(1);
        cluster.terminate(2);

        await().atMost(DETECTION_BOUND).until(() -> cluster.hazelcast(0).getCluster().getMembers().size() == 1);
        await("serves alone").atMost(DETECTION_BOUND).until(() -> statusOfGet(0) == GrpcStatus.OK);
        cluster.client(0).put("new", "v");
    }

    private GrpcStatus statusOfGet(int node) {
        return cluster.client(node).statusOf(() -> cluster.client(node).get("k"));
    }
}
