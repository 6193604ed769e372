package io.ringcache.cluster;

import com.hazelcast.map.IMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys live where their slot says: on the owner of the slot's partition, a hash tag's keys together. */
class SlotPlacementClusterTest {

    private InJvmCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyKey_isHeldByItsSlotsOwner_andAHashTagsKeysTogether() {
        cluster = InJvmCluster.start(3);
        for (int i = 0; i < 200; i++) {
            cluster.client(i % 3).put("plain-" + i, "v");
            cluster.client(i % 3).put("{cart:7}.item-" + i, "v");
        }

        Map<String, Integer> holder = new HashMap<>();
        for (int node = 0; node < 3; node++) {
            IMap<byte[], byte[]> map = cluster.hazelcast(node).getMap("ringcache.default");
            for (byte[] key : map.localKeySet()) {
                holder.put(new String(key, StandardCharsets.UTF_8), node);
            }
        }

        assertThat(holder).hasSize(400);
        holder.forEach((key, node) -> assertThat(cluster.ownerOf(key)).as("owner of %s", key).isEqualTo(node));
        assertThat(holder.entrySet().stream().filter(e -> e.getKey().startsWith("{cart:7}"))
                .map(Map.Entry::getValue).distinct()).hasSize(1);
        assertThat(holder.values().stream().distinct()).as("plain keys spread over every node").hasSize(3);
    }
}
