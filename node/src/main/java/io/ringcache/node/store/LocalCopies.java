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
