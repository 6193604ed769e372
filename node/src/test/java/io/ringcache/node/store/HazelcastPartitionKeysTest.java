package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

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
