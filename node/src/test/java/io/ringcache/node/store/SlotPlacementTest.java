package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.query.Predicates;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.cluster.MemberConfigFactory;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key lands in the partition {@link SlotLayout} gives its slot, on a real member configured as
 * a node configures it, for every one of the 16384 slots.
 */
class SlotPlacementTest {

    private HazelcastInstance member;

    @AfterEach
    void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {271, 7})
    void everySlotsKey_isStoredInItsLayoutPartition(int partitionCount) {
        member = startMember(partitionCount);
        SlotLayout layout = new SlotLayout(partitionCount);
        String mapName = CacheCatalog.mapName(CacheSettings.DEFAULT_NAME);
        IMap<byte[], byte[]> map = member.getMap(mapName);
        byte[][] keyOfSlot = oneKeyPerSlot();
        Map<byte[], byte[]> entries = new HashMap<>();
        for (byte[] key : keyOfSlot) {
            entries.put(key, new byte[] {1});
        }
        map.putAll(entries);

        // What the map's proxy computes before it sends an operation.
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            assertThat(HazelcastInternals.partitionIdOf(member, mapName, keyOfSlot[slot]))
                    .as("partition of slot %d's key", slot).isEqualTo(layout.partitionOf(slot));
        }
        // Where the entries really are: a partition-scoped query reads only that partition's records.
        PartitionService partitions = member.getPartitionService();
        int found = 0;
        for (int partition = 0; partition < partitionCount; partition++) {
            Set<byte[]> held = map.keySet(Predicates.partitionPredicate(probeOf(partitions, partition),
                    Predicates.alwaysTrue()));
            int first = layout.firstSlot(partition);
            int last = layout.lastSlot(partition);
            assertThat(held).as("keys in partition %d", partition).hasSize(last - first + 1)
                    .allSatisfy(key -> assertThat(Slots.slot(key)).isBetween(first, last));
            found += held.size();
        }
        assertThat(found).isEqualTo(Slots.COUNT);
    }

    @Test
    void theStrategy_givesEverySlotItsPartitionsKey_andLeavesOtherObjectsAlone() {
        SlotLayout layout = new SlotLayout(271);
        SlotPartitioningStrategy strategy = new SlotPartitioningStrategy(layout);
        byte[] key = "foo".getBytes(StandardCharsets.UTF_8);

        assertThat(strategy.getPartitionKey(key))
                .isEqualTo(HazelcastInternals.partitionKeyOf(layout.partitionOf(12182), 271));
        assertThat(strategy.getPartitionKey("not bytes")).isEqualTo("not bytes");
    }

    @Test
    void theStrategy_readsThePartitionCountTheMemberWillHave() {
        NodeConfig node = TestNodes.config(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "",
                "--partition-count=7"));
        SlotPartitioningStrategy strategy = SlotPartitioningStrategy.forMember(MemberConfigFactory.create(node, Map.of()));
        byte[] key = "foo".getBytes(StandardCharsets.UTF_8);

        assertThat(strategy.getPartitionKey(key))
                .isEqualTo(HazelcastInternals.partitionKeyOf(new SlotLayout(7).partitionOf(12182), 7));
    }

    /** A member configured as a node configures it: its properties and its cache maps. */
    static HazelcastInstance startMember(int partitionCount) {
        NodeConfig node = TestNodes.config(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "",
                "--partition-count=" + partitionCount));
        Config config = MemberConfigFactory.create(node, Map.of());
        HazelcastCacheStore.configureMember(config, node);
        return Hazelcast.newHazelcastInstance(config);
    }

    /** A key for every slot, found by trying "key-0", "key-1", ... */
    static byte[][] oneKeyPerSlot() {
        byte[][] keyOfSlot = new byte[Slots.COUNT][];
        int missing = Slots.COUNT;
        for (int i = 0; missing > 0; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int slot = Slots.slot(key);
            if (keyOfSlot[slot] == null) {
                keyOfSlot[slot] = key;
                missing--;
            }
        }
        return keyOfSlot;
    }

    /** An object that Hazelcast's default hashing (the public API's) puts in {@code partition}. */
    private static Integer probeOf(PartitionService partitions, int partition) {
        for (int candidate = 0; ; candidate++) {
            if (partitions.getPartition(candidate).getPartitionId() == partition) {
                return candidate;
            }
        }
    }
}
