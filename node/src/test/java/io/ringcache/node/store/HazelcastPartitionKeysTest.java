package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each internal Hazelcast call {@link HazelcastInternals} makes, checked against a real member:
 * when a Hazelcast upgrade changes one, the failing test names it.
 */
class HazelcastPartitionKeysTest {

    private static final int PARTITIONS = 271;
    private static HazelcastInstance member;

    @BeforeAll
    static void startMember() {
        member = SlotPlacementTest.startMember(PARTITIONS);
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    @Test
    void partitionKeyOf_isPlacedByTheMemberInExactlyThatPartition() {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            Object partitionKey = HazelcastInternals.partitionKeyOf(partition, PARTITIONS);

            assertThat(member.getPartitionService().getPartition(partitionKey).getPartitionId())
                    .as("partition of the key for %d", partition).isEqualTo(partition);
        }
    }

    @Test
    void partitionKeyOf_isTheSameBytesEverywhere_aSerializedIntegerWithItsPartitionHashPreset() {
        Data zero = (Data) HazelcastInternals.partitionKeyOf(0, PARTITIONS);
        Data five = (Data) HazelcastInternals.partitionKeyOf(5, PARTITIONS);

        // partition hash (271 stands for partition 0: a hash of 0 means none), Integer's type id (-7), value
        assertThat(zero.toByteArray()).containsExactly(0, 0, 1, 15, -1, -1, -1, -7, 0, 0, 0, 0);
        assertThat(five.toByteArray()).containsExactly(0, 0, 0, 5, -1, -1, -1, -7, 0, 0, 0, 5);
        assertThat(five.getPartitionHash()).isEqualTo(5);
        assertThat(HazelcastInternals.partitionKeyOf(5, PARTITIONS)).isEqualTo(five);
    }

    @Test
    void partitionPredicates_onPartitionKeyOf_selectExactlyThosePartitionsKeys() {
        IMap<byte[], byte[]> map = member.getMap(CacheCatalog.mapName(CacheSettings.DEFAULT_NAME));
        SlotLayout layout = new SlotLayout(PARTITIONS);
        Map<byte[], byte[]> entries = new HashMap<>();
        for (byte[] key : SlotPlacementTest.oneKeyPerSlot()) {
            entries.put(key, new byte[] {1});
        }
        map.putAll(entries);
        try {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                Set<byte[]> held = map.keySet(Predicates.partitionPredicate(
                        HazelcastInternals.partitionKeyOf(partition, PARTITIONS), Predicates.alwaysTrue()));

                int first = layout.firstSlot(partition);
                int last = layout.lastSlot(partition);
                assertThat(held).as("keys of partition %d", partition).hasSize(last - first + 1)
                        .allSatisfy(key -> assertThat(Slots.slot(key)).isBetween(first, last));
            }
            Set<byte[]> several = map.keySet(Predicates.multiPartitionPredicate(Set.of(
                    HazelcastInternals.partitionKeyOf(0, PARTITIONS), HazelcastInternals.partitionKeyOf(1, PARTITIONS),
                    HazelcastInternals.partitionKeyOf(PARTITIONS - 1, PARTITIONS)), Predicates.alwaysTrue()));

            assertThat(several).hasSize(layout.lastSlot(1) + 1 + Slots.COUNT - layout.firstSlot(PARTITIONS - 1))
                    .allSatisfy(key -> assertThat(layout.partitionOf(Slots.slot(key))).isIn(0, 1, PARTITIONS - 1));
        } finally {
            map.clear();
        }
    }

    @Test
    void partitionIdOf_aCacheKey_isItsSlotsLayoutPartition() {
        String mapName = CacheCatalog.mapName(CacheSettings.DEFAULT_NAME);
        SlotLayout layout = new SlotLayout(PARTITIONS);
        for (String key : new String[] {"foo", "bar", "{user1000}.following", "123456789"}) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);

            assertThat(HazelcastInternals.partitionIdOf(member, mapName, bytes)).as(key)
                    .isEqualTo(layout.partitionOf(Slots.slot(bytes)));
        }
    }
}
