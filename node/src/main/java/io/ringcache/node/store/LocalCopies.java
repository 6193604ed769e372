package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.spi.impl.NodeEngine;

import java.util.function.IntPredicate;

/**
 * Reads the copy of a key this member holds, and nothing else: no call to the owner, ever.
 * (IMap.get with read-backup-data asks the owner on a local miss, which is exactly what must
 * not happen while the owner is silent.) Hazelcast's public API has no such read, so this
 * goes to the map service's record store, as IMap.get's own local-backup read does; it does
 * not wait, so it may run on any thread.
 */
final class LocalCopies {

    private final MapServiceContext maps;
    private final SerializationService serialization;
    private final IPartitionService partitions;

    LocalCopies(HazelcastInstance hazelcast) {
        // The public handle is a proxy; tasks run by Hazelcast (BackupRead) are given the instance itself.
        HazelcastInstanceImpl instance = hazelcast instanceof HazelcastInstanceProxy proxy
                ? proxy.getOriginal() : (HazelcastInstanceImpl) hazelcast;
        NodeEngine engine = instance.node.getNodeEngine();
        MapService mapService = engine.getService(MapService.SERVICE_NAME);
        this.maps = mapService.getMapServiceContext();
        this.serialization = engine.getSerializationService();
        this.partitions = engine.getPartitionService();
    }

    /**
     * The owner's read, done in place: when this member owns {@code key}'s partition and no
     * migration touches this member, its copy is the primary, the very record the partition
     * thread writes, so reading it here answers as the owner would without queueing an
     * operation and hopping threads twice. Hazelcast reads it the same way for IMap.get with
     * read-backup-data. Returns null when this member is not (or stops being, mid-read) the
     * owner, or while {@code writing} says this node has a write to the partition on its way:
     * the caller then asks the owner, whose queue puts the read behind that write.
     */
    Lookup readAsOwner(String mapName, byte[] key, long nowMillis, IntPredicate writing) {
        if (partitions.hasOnGoingMigrationLocal()) {
            return null;
        }
        long stamp = partitions.getPartitionStateStamp();
        Data keyData = serialization.toData(key, maps.getMapContainer(mapName).getPartitioningStrategy());
        int partition = partitions.getPartitionId(keyData);
        if (!partitions.isPartitionOwner(partition) || writing.test(partition)) {
            return null;
        }
        RecordStore<?> store = maps.getExistingRecordStore(partition, mapName);
        Data value = store == null ? null : store.readBackupData(keyData);
        // The table moved, or a migration began, while reading: the copy may be going away.
        if (partitions.getPartitionStateStamp() != stamp || partitions.hasOnGoingMigrationLocal()) {
            return null;
        }
        byte[] stored = value == null ? null : serialization.toObject(value);
        return StoredEntry.toLookup(stored, nowMillis);
    }

    /** This member's copy of {@code key} in map {@code mapName} (stored layout); null when it has none. */
    byte[] read(String mapName, byte[] key) {
        Data keyData = serialization.toData(key, maps.getMapContainer(mapName).getPartitioningStrategy());
        RecordStore<?> store = maps.getExistingRecordStore(partitions.getPartitionId(keyData), mapName);
        if (store == null) {
            return null;
        }
        Data value = store.readBackupData(keyData);
        return value == null ? null : serialization.toObject(value);
    }
}
