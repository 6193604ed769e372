package io.ringcache.cluster;

import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** GetMany, PutMany, DeleteMany over batches that span every node. */
class BatchClusterTest {

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void batches_spanningEveryNode_keepRequestOrderAndVersions() {
        cluster = InJvmCluster.start(3, "--max-batch-keys=500");
        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "batch-" + i).toList();
        assertThat(keys.stream().map(cluster::ownerOf).distinct()).as("owners the batch spans").hasSize(3);

        PutManyResponse first = cluster.client(0).putMany(putMany(keys, "v1"));
        PutManyResponse second = cluster.client(1).putMany(putMany(keys.subList(0, 100), "v2"));

        assertThat(first.getVersionsList()).hasSize(300).containsOnly(1L);
        assertThat(second.getVersionsList()).hasSize(100).containsOnly(2L);

        List<String> asked = new ArrayList<>(keys);
        Collections.shuffle(asked, new Random(7));
        asked.add(3, "missing-key");
        asked.add(asked.get(10));
        GetManyResponse read = cluster.client(2).getMany(asked);

        assertThat(read.getResultsCount()).isEqualTo(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            String key = asked.get(i);
            GetResponse result = read.getResults(i);
            if (key.equals("missing-key")) {
                assertThat(result.getFound()).isFalse();
            } else {
                int n = Integer.parseInt(key.substring("batch-".length()));
                assertThat(result.getValue().toStringUtf8()).as(key).isEqualTo((n < 100 ? "v2-" : "v1-") + key);
                assertThat(result.getVersion()).isEqualTo(n < 100 ? 2 : 1);
            }
        }

        List<String> toDelete = new ArrayList<>(keys.subList(0, 150));
        toDelete.add("missing-key");
        toDelete.add(keys.get(0));
        assertThat(cluster.client(1).deleteMany(toDelete).getDeleted()).isEqualTo(150);
        GetManyResponse afterDelete = cluster.client(0).getMany(List.of(keys.get(0), keys.get(149), keys.get(150)));
        assertThat(afterDelete.getResultsList()).extracting(GetResponse::getFound).containsExactly(false, false, true);
    }

    @Test
    void batches_overTheLimitOrWithADuplicateKey_areRefusedWhole() {
        cluster = InJvmCluster.start(3, "--max-batch-keys=10");
        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "limit-" + i).toList();

        assertStatus(() -> cluster.client(0).getMany(eleven), "limit is 10");
        assertStatus(() -> cluster.client(0).putMany(putMany(eleven, "v")), "limit is 10");
        assertStatus(() -> cluster.client(0).deleteMany(eleven), "limit is 10");
        assertStatus(() -> cluster.client(0).putMany(putMany(List.of("a", "b", "a"), "v")), "appears twice");
        assertThat(cluster.client(1).getMany(List.of("a", "b")).getResultsList())
                .extracting(GetResponse::getFound).containsExactly(false, false);
        assertThat(cluster.client(2).getMany(List.of()).getResultsCount()).isZero();
    }

    @Test
    void putMany_acknowledged_survivesTheLossOfAnyOneNode() {
        cluster = InJvmCluster.start(3);
        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "kept-" + i).toList();
        cluster.client(0).putMany(putMany(keys, "v"));

        cluster.terminate(1);

        await("every batch-written key readable from the survivors").atMost(Duration.ofSeconds(10))
                .ignoreException(GrpcCallException.class)
                .untilAsserted(() -> {
                    for (int survivor : List.of(0, 2)) {
                        assertThat(cluster.client(survivor).getMany(keys).getResultsList())
                                .allMatch(GetResponse::getFound);
                    }
                });
    }

    private static PutManyRequest putMany(List<String> keys, String prefix) {
        PutManyRequest.Builder request = PutManyRequest.newBuilder();
        keys.forEach(key -> request.addEntries(Entry.newBuilder().setKey(bytes(key)).setValue(bytes(prefix + "-" + key))));
        return request.build();
    }

    private static void assertStatus(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(GrpcCallException.class,
                        e -> assertThat(e.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT))
                .hasMessageContaining(messagePart);
    }
}
