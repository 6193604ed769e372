package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A 3-node cluster in one JVM: any node answers for any key, and losing one loses nothing. */
class ReplicationClusterTest {

    private static final int KEYS = 300;

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void putThroughOneNode_isReadThroughEveryNode_includingNodesThatDoNotOwnTheKey() {
        cluster = InJvmCluster.start(3);
        Map<String, String> written = writeKeys(cluster.client(0), "k");

        for (int reader = 0; reader < 3; reader++) {
            int notOwned = 0;
            for (Map.Entry<String, String> entry : written.entrySet()) {
                GetResponse response = cluster.client(reader).get(entry.getKey());
                assertThat(response.getFound()).as("key %s via node %d", entry.getKey(), reader).isTrue();
                assertThat(response.getValue().toStringUtf8()).isEqualTo(entry.getValue());
                assertThat(response.getVersion()).isEqualTo(1);
                if (cluster.ownerOf(entry.getKey()) != reader) {
                    notOwned++;
                }
            }
            assertThat(notOwned).as("keys node %d answered for without owning them", reader).isGreaterThan(KEYS / 3);
        }
    }

    @Test
    void conditionalWritesThroughDifferentNodes_seeOneVersionHistory() {
        cluster = InJvmCluster.start(3);
        String key = "cas";
        cluster.client(0).put(key, "v1");

        boolean viaB = cluster.client(1).put(casPut(key, 1, "from-b")).getApplied();
        boolean viaC = cluster.client(2).put(casPut(key, 1, "from-c")).getApplied();

        assertThat(viaB).isTrue();
        assertThat(viaC).isFalse();
        GetResponse read = cluster.client(2).get(key);
        assertThat(read.getValue().toStringUtf8()).isEqualTo("from-b");
        assertThat(read.getVersion()).isEqualTo(2);
    }

    @Tag("slow")
    @ParameterizedTest(name = "node {0}")
    @ValueSource(ints = {0, 1, 2})
    void gracefulShutdownOfAnyNode_losesNoAcknowledgedWrite(int stopped) {
        cluster = InJvmCluster.start(3);
        Map<String, String> written = writeKeys(cluster.client((stopped + 1) % 3), "g");

        cluster.stopGracefully(stopped);
        cluster.awaitMembers(2);

        for (int survivor : cluster.running()) {
            assertAllReadable(cluster.client(survivor), written);
        }
    }

    @Tag("slow")
    @ParameterizedTest(name = "node {0}")
    @ValueSource(ints = {0, 1, 2})
    void hardTerminateOfAnyNode_losesNoAcknowledgedWrite(int killed) {
        cluster = InJvmCluster.start(3);
        Map<String, String> written = writeKeys(cluster.client((killed + 1) % 3), "t");
        long ownedByKilled = written.keySet().stream().filter(k -> cluster.ownerOf(k) == killed).count();
        assertThat(ownedByKilled).as("keys the killed node owned").isPositive();

        cluster.terminate(killed);

        List<Integer> survivors = cluster.running();
        await("every key readable from the survivors").atMost(Duration.ofSeconds(10))
                .ignoreException(GrpcCallException.class)
                .untilAsserted(() -> survivors.forEach(s -> assertAllReadable(cluster.client(s), written)));
    }

    @Tag("slow")
    @Test
    void stoppingNodesOneAtATimeUnderLoad_losesNoAcknowledgedWrite() throws InterruptedException {
        cluster = InJvmCluster.start(3);
        Map<String, String> acknowledged;
        try (SteadyLoad writer = new SteadyLoad(List.of(cluster.node(0).grpcPort()), Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acknowledgedCount() >= 200);
            cluster.stopGracefully(2);
            cluster.awaitMembers(2);
            cluster.awaitClusterSafe();
            cluster.stopGracefully(1);
            cluster.awaitMembers(1);
            int beforeLastStep = writer.acknowledgedCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acknowledgedCount() > beforeLastStep + 100);
            acknowledged = writer.finish();
            assertThat(writer.failedStatuses()).as("statuses of failed calls").isSubsetOf("UNAVAILABLE");
            assertThat(writer.missedReads()).isEmpty();
            System.out.printf("[rolling stop] %d writes acknowledged, failures: %s%n", acknowledged.size(),
                    writer.failures());
        }

        assertAllReadable(cluster.client(0), acknowledged);
    }

    @Test
    void joiningNode_takesAShareOfPartitions_andEveryKeyStaysReadable() {
        cluster = InJvmCluster.start(2, 3);
        Map<String, String> written = writeKeys(cluster.client(0), "j");

        cluster.addNode();
        cluster.awaitMembers(3);
        cluster.awaitClusterSafe();

        int owned = cluster.hazelcast(2).getPartitionService().getPartitions().stream()
                .filter(p -> p.getOwner() != null && p.getOwner().localMember())
                .mapToInt(p -> 1).sum();
        assertThat(owned).as("partitions the new node owns").isGreaterThan(271 / 6);
        for (int reader = 0; reader < 3; reader++) {
            assertAllReadable(cluster.client(reader), written);
        }
    }

    @Test
    void readsThroughTheNodeHandingPartitionsOff_neverMissWhileTheyMigrate() throws InterruptedException {
        // The owner reads in place; a migration must send reads to the new owner, never to a
        // copy that is being cleared.
        cluster = InJvmCluster.start(1, 3);
        Map<String, String> written = writeKeys(cluster.client(0), "m");
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean migrated = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            CacheTestClient client = cluster.client(0);
            boolean lastPass = false;
            while (!lastPass) {
                lastPass = migrated.get();
                written.forEach((key, value) -> {
                    try {
                        GetResponse read = client.get(key);
                        reads.incrementAndGet();
                        if (!read.getFound() || !read.getValue().toStringUtf8().equals(value)) {
                            wrong.add(key + (read.getFound() ? " read " + read.getValue().toStringUtf8() : " missed"));
                        }
                    } catch (GrpcCallException e) {
                        if (e.status() != GrpcStatus.UNAVAILABLE) {
                            wrong.add(key + " failed " + e.status());
                        }
                    }
                });
            }
        }, "migration-reader");
        reader.start();

        cluster.addNode();
        cluster.addNode();
        cluster.awaitMembers(3);
        cluster.awaitClusterSafe();
        migrated.set(true);
        reader.join(Duration.ofSeconds(60).toMillis());

        assertThat(reader.isAlive()).as("reader still running").isFalse();
        System.out.printf("[owner reads] %d reads through node 0 while 2 nodes joined%n", reads.get());
        assertThat(wrong).as("wrong reads while partitions migrated").isEmpty();
        assertThat(cluster.hazelcast(0).getPartitionService().getPartitions().stream()
                .filter(p -> p.getOwner() != null && p.getOwner().localMember()).count())
                .as("partitions node 0 kept").isLessThan(271 / 2);
    }

    @Test
    void ttlExpiry_isSeenFromEveryNode() {
        cluster = InJvmCluster.start(3);
        cluster.client(0).put(PutRequest.newBuilder().setKey(bytes("ttl")).setValue(bytes("v")).setTtlMs(2000).build());

        for (int reader = 0; reader < 3; reader++) {
            GetResponse fresh = cluster.client(reader).get("ttl");
            assertThat(fresh.getFound()).isTrue();
            assertThat(fresh.getTtlRemainingMs()).isBetween(1L, 2000L);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !cluster.client(0).get("ttl").getFound()
                        && !cluster.client(1).get("ttl").getFound()
                        && !cluster.client(2).get("ttl").getFound());
    }

    @Test
    void errorStatuses_areTheSameFromEveryNode() {
        cluster = InJvmCluster.start(3);
        for (int node = 0; node < 3; node++) {
            CacheTestClient client = cluster.client(node);
            assertStatus(() -> client.get(""), GrpcStatus.INVALID_ARGUMENT);
            assertStatus(() -> client.put("k", "x".repeat(1024 * 1024 + 1)), GrpcStatus.INVALID_ARGUMENT);
            assertStatus(() -> client.put(PutRequest.newBuilder().setKey(bytes("k")).setTtlMs(-5).build()),
                    GrpcStatus.INVALID_ARGUMENT);
            assertStatus(() -> client.get(GetRequest.newBuilder().setCache("missing").setKey(bytes("k")).build()),
                    GrpcStatus.NOT_FOUND);
            assertThat(client.put("after-errors-" + node, "ok").getApplied()).isTrue();
        }
    }

    private static Map<String, String> writeKeys(CacheTestClient client, String prefix) {
        Map<String, String> written = new TreeMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = prefix + "-key-" + i;
            String value = "value-" + i;
            assertThat(client.put(key, value).getApplied()).isTrue();
            written.put(key, value);
        }
        return written;
    }

    private static void assertAllReadable(CacheTestClient client, Map<String, String> written) {
        assertThat(Acknowledged.unreadable(client, written)).as("acknowledged keys not readable").isEmpty();
    }

    private static PutRequest casPut(String key, long expectedVersion, String value) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))
                .setCondition(PutRequest.Condition.IF_VERSION).setExpectedVersion(expectedVersion).build();
    }

    private static void assertStatus(Runnable call, GrpcStatus status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GrpcCallException.class,
                e -> assertThat(e.status()).isEqualTo(status));
    }
}
