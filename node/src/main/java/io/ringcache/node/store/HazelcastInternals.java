package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.spi.impl.NodeEngine;

import java.nio.ByteBuffer;

/**
 * The one place the store reaches into Hazelcast's internal (non-public) API, so that a Hazelcast
 * upgrade that changes one breaks here, and {@code HazelcastInternalsTest} names what broke.
 * Every method says which internal behaviour it relies on; keep it that way when adding one.
 * Written against Hazelcast 5.6.0.
 */
final class HazelcastInternals {

    /** Bytes of a serialized Integer: partition hash, type id, value (Hazelcast's HeapData layout). */
    private static final int INTEGER_DATA_BYTES = 12;

    private HazelcastInternals() {
    }

    /**
     * A partition key that Hazelcast places in exactly {@code partition}: what a
     * {@link com.hazelcast.partition.PartitioningStrategy} returns to choose a key's partition
     * outright instead of by hash. It is the serialized form of {@code Integer(partition)} with
     * its partition hash preset to {@code partition} ({@code partitionCount} for partition 0, as
     * a hash of 0 means "none").
     *
     * <p>Relies on, in Hazelcast 5.6.0: {@code AbstractSerializationService.toData(key, strategy)}
     * takes the hash of the strategy's partition key from {@code toData(partitionKey).getPartitionHash()},
     * and {@code toData} of a {@link Data} is that same Data; {@link HeapData#getPartitionHash()}
     * reads the first four bytes, big-endian, when they are not 0; and a member maps a key to
     * {@code HashUtil.hashToIndex(hash, partitionCount)}, i.e. {@code abs(hash) % partitionCount}.
     * The result depends on nothing else (no JVM hash code, no configuration), so every member
     * of every version computes the same.
     *
     * @param partition      0 .. partitionCount - 1
     * @param partitionCount the member's partition count
     */
    static Object partitionKeyOf(int partition, int partitionCount) {
        if (partition < 0 || partition >= partitionCount) {
            throw new IndexOutOfBoundsException("partition " + partition + " of " + partitionCount);
        }
        int partitionHash = partition == 0 ? partitionCount : partition;
        byte[] bytes = ByteBuffer.allocate(INTEGER_DATA_BYTES)
                .putInt(partitionHash)
                .putInt(SerializationConstants.CONSTANT_TYPE_INTEGER)
                .putInt(partition)
                .array();
        return new HeapData(bytes);
    }

    /**
     * The partition that {@code hazelcast} puts {@code key} into in map {@code mapName}: the key
     * serialized with the map's partitioning strategy, then mapped to a partition, exactly as the
     * map's proxy does before it sends an operation. Relies on {@link MapServiceContext}'s map
     * containers, the node engine's serialization service, and {@code IPartitionService.getPartitionId(Data)}.
     */
    static int partitionIdOf(HazelcastInstance hazelcast, String mapName, Object key) {
        NodeEngine engine = nodeEngine(hazelcast);
        MapService mapService = engine.getService(MapService.SERVICE_NAME);
        MapServiceContext maps = mapService.getMapServiceContext();
        Data keyData = engine.getSerializationService().toData(key,
                maps.getMapContainer(mapName).getPartitioningStrategy());
        return engine.getPartitionService().getPartitionId(keyData);
    }

    /** The member behind a public handle; tasks Hazelcast runs are handed the instance itself. */
    private static NodeEngine nodeEngine(HazelcastInstance hazelcast) {
        HazelcastInstanceImpl instance = hazelcast instanceof HazelcastInstanceProxy proxy
                ? proxy.getOriginal() : (HazelcastInstanceImpl) hazelcast;
        return instance.node.getNodeEngine();
    }
}
