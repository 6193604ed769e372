package io.ringcache.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.PartitioningStrategyConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitioningStrategy;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exercises every method of {@link HazelcastInternals} against real members, so a Hazelcast
 * upgrade that moves an internal API fails here, by name.
 */
class HazelcastInternalsTest {

    private static final String MAP = "internals-test";
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void partitionTable_namesThisMemberAsOwnerOfEveryPartitionWhenAlone() {
        HazelcastInstance member = start(TestNodes.uniqueClusterName(), FreePorts.next(), "");
        member.getPartitionService().getPartition(0).getOwner(); // assigns the partitions
        HazelcastInternals internals = HazelcastInternals.of(member);
        int partitions = member.getPartitionService().getPartitions().size();

        long stamp = internals.partitionStateStamp();
        assertThat(internals.partitionStateStamp()).isEqualTo(stamp);
        assertThat(internals.migrationRunningHere()).isFalse();
        assertThat(HazelcastInternals.maxReplicas()).isEqualTo(7);
        for (int partition = 0; partition < partitions; partition++) {
            assertThat(internals.ownsPartition(partition)).isTrue();
            assertThat(internals.replicaOf(partition, 0)).isEqualTo(member.getCluster().getLocalMember().getUuid());
            assertThat(internals.replicaOf(partition, 1)).isNull();
        }
    }

    @Test
    void keyData_isTheFormTheMapStoresAndPlacesItsKeysBy() throws Exception {
        HazelcastInstance member = start(TestNodes.uniqueClusterName(), FreePorts.next(), "");
        HazelcastInternals internals = HazelcastInternals.of(member);
        IMap<byte[], byte[]> map = member.getMap(MAP);
        byte[] key = "user:42".getBytes(StandardCharsets.US_ASCII);
        map.put(key, "stored".getBytes(StandardCharsets.US_ASCII));

        Object keyData = internals.keyData(key, FirstByte.of(key));
        int partition = internals.partitionOf(keyData);
        assertThat(partition).isEqualTo(member.getPartitionService().getPartition(FirstByte.of(key)).getPartitionId());
        assertThat(internals.readLocalCopy(MAP, keyData, partition)).asString(StandardCharsets.US_ASCII)
                .isEqualTo("stored");
        assertThat(internals.readLocalCopy(MAP, internals.keyData("absent".getBytes(StandardCharsets.US_ASCII),
                FirstByte.of("absent".getBytes(StandardCharsets.US_ASCII))), partition)).isNull();
        assertThat(internals.readLocalCopy("no-such-map", keyData, partition)).isNull();

        assertThat(HazelcastInternals.get(map, keyData)).asString(StandardCharsets.US_ASCII).isEqualTo("stored");
        assertThat(internals.partitionCount()).isEqualTo(member.getPartitionService().getPartitions().size());

        EntryProcessor<byte[], byte[], Integer> length = entry -> entry.getValue() == null ? -1 : entry.getValue().length;
        assertThat(HazelcastInternals.submitToKey(map, keyData, length).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(6);
        Map<byte[], Integer> lengths = HazelcastInternals.submitToKeys(map, Set.of(keyData), length)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(lengths).hasSize(1);
        assertThat(lengths.keySet().iterator().next()).isEqualTo(key);
    }

    @Test
    void keyData_isByteForByteWhatHazelcastSerializesForTheKeyAndItsPartitionKey() {
        HazelcastInstance member = start(TestNodes.uniqueClusterName(), FreePorts.next(), "");
        HazelcastInternals internals = HazelcastInternals.of(member);
        com.hazelcast.internal.serialization.SerializationService serialization =
                ((com.hazelcast.instance.impl.HazelcastInstanceProxy) member).getSerializationService();
        java.util.Random random = new java.util.Random(42);
        int partitions = internals.partitionCount();
        for (int size : new int[] {0, 1, 7, 16, 100, 1000}) {
            byte[] key = new byte[size];
            random.nextBytes(key);
            for (int partition : new int[] {0, 1, partitions / 2, partitions - 1}) {
                Object partitionKey = HazelcastInternals.partitionKeyOf(partition, partitions);
                com.hazelcast.internal.serialization.Data expected = serialization.toData(key, ignored -> partitionKey);
                com.hazelcast.internal.serialization.Data built =
                        (com.hazelcast.internal.serialization.Data) internals.keyData(key, partitionKey);
                assertThat(built.toByteArray()).isEqualTo(expected.toByteArray());
                assertThat(built).isEqualTo(expected).hasSameHashCodeAs(expected);
                assertThat(internals.partitionOf(built)).isEqualTo(partition);
            }
        }
    }

    @Test
    void lastReadMillis_followsTheConnectionToAnotherMember() {
        String cluster = TestNodes.uniqueClusterName();
        int firstPort = FreePorts.next();
        int secondPort = FreePorts.next();
        String join = "127.0.0.1:" + firstPort + ",127.0.0.1:" + secondPort;
        HazelcastInstance first = start(cluster, firstPort, join);
        HazelcastInstance second = start(cluster, secondPort, join);
        await().atMost(30, TimeUnit.SECONDS).until(() -> first.getCluster().getMembers().size() == 2);

        HazelcastInternals internals = HazelcastInternals.of(first);
        assertThat(internals.lastReadMillis(first.getCluster().getLocalMember().getAddress()))
                .isEqualTo(Long.MIN_VALUE);
        await().atMost(30, TimeUnit.SECONDS).until(() ->
                internals.lastReadMillis(second.getCluster().getLocalMember().getAddress()) > 0);
    }

    @Test
    void defaultAsyncExecutor_canBeReadAndSet() {
        Executor current = HazelcastInternals.defaultAsyncExecutor();
        assertThat(current).isNotNull();
        HazelcastInternals.setDefaultAsyncExecutor(current);
        assertThat(HazelcastInternals.defaultAsyncExecutor()).isSameAs(current);
    }

    @Test
    void forEachLocalEntry_handsOverStoredFormsAndExpiry_whichTheMapTakesBackAsTheyAre() {
        HazelcastInstance member = start(TestNodes.uniqueClusterName(), FreePorts.next(), "");
        HazelcastInternals internals = HazelcastInternals.of(member);
        IMap<byte[], byte[]> map = member.getMap(MAP);
        byte[] forever = "kept".getBytes(StandardCharsets.US_ASCII);
        byte[] expiring = "kind".getBytes(StandardCharsets.US_ASCII); // same first byte: same partition
        map.put(forever, "a".getBytes(StandardCharsets.US_ASCII));
        long before = System.currentTimeMillis();
        map.put(expiring, "b".getBytes(StandardCharsets.US_ASCII), 60, TimeUnit.SECONDS);
        int partition = member.getPartitionService().getPartition(FirstByte.of(forever)).getPartitionId();

        List<Object[]> entries = new ArrayList<>();
        internals.forEachLocalEntry(MAP, partition, (key, value, expiresAt) -> entries.add(
                new Object[] {key, value, expiresAt}));
        internals.forEachLocalEntry("no-such-map", partition, (key, value, expiresAt) -> entries.add(null));
        assertThat(entries).hasSize(2);
        Map<String, Long> expiryByValue = new HashMap<>();
        for (Object[] entry : entries) {
            byte[] value = internals.readLocalCopy(MAP, entry[0], partition);
            expiryByValue.put(new String(value, StandardCharsets.US_ASCII), (Long) entry[2]);
        }
        assertThat(expiryByValue.get("a")).isEqualTo(Long.MAX_VALUE);
        assertThat(expiryByValue.get("b")).isBetween(before + 59_000, System.currentTimeMillis() + 60_000);

        // Sent back in their stored forms, as the merge backstop does, they land on the same keys.
        map.clear();
        @SuppressWarnings({"unchecked", "rawtypes"})
        IMap<Object, Object> raw = (IMap) map;
        for (Object[] entry : entries) {
            assertThat(raw.putIfAbsent(entry[0], entry[1], 30, TimeUnit.SECONDS)).isNull();
            assertThat(raw.putIfAbsent(entry[0], entry[1], 30, TimeUnit.SECONDS)).as("present now").isNotNull();
        }
        assertThat(map.get(forever)).asString(StandardCharsets.US_ASCII).isEqualTo("a");
        assertThat(map.get(expiring)).asString(StandardCharsets.US_ASCII).isEqualTo("b");
        assertThat(map.getEntryView(forever).getTtl()).isEqualTo(30_000);
    }

    private HazelcastInstance start(String cluster, int port, String join) {
        Config config = MemberConfigFactory.create(TestNodes.config(TestNodes.flags(cluster, port, join)), Map.of());
        config.addMapConfig(new MapConfig(MAP)
                .setPartitioningStrategyConfig(new PartitioningStrategyConfig(new FirstByte())));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    /** Places a key by its first byte, so the test knows each key's partition key. */
    static final class FirstByte implements PartitioningStrategy<Object> {
        static Integer of(byte[] key) {
            return (int) key[0];
        }

        @Override
        public Object getPartitionKey(Object key) {
            return key instanceof byte[] bytes ? of(bytes) : key;
        }
    }
}
