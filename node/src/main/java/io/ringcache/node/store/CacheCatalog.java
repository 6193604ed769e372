package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.config.PartitioningStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The named caches this node serves, each one Hazelcast map. */
final class CacheCatalog {

    static final String DEFAULT_CACHE = "default";
    private static final String MAP_PREFIX = "ringcache.";

    private final Map<String, IMap<byte[], byte[]>> maps;

    CacheCatalog(HazelcastInstance hazelcast, Set<String> names) {
        this.maps = names.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                name -> hazelcast.getMap(MAP_PREFIX + name)));
    }

    /** The cache names every node declares; only {@code default} for now. */
    static Set<String> declaredNames() {
        return Set.of(DEFAULT_CACHE);
    }

    /** Adds each cache's map settings to a member configuration, before the member starts. */
    static void configure(Config config, Set<String> names, int backups) {
        for (String name : names) {
            config.addMapConfig(new MapConfig(MAP_PREFIX + name)
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setBackupCount(backups)
                    .setAsyncBackupCount(0)
                    .setReadBackupData(false)
                    .setMetadataPolicy(MetadataPolicy.OFF)
                    .setPartitioningStrategyConfig(new PartitioningStrategyConfig(new SlotPartitioningStrategy()))
                    .setStatisticsEnabled(true));
        }
    }

    /** The map of a cache; an empty name is {@code default}. */
    IMap<byte[], byte[]> map(String cache) {
        String name = cache == null || cache.isEmpty() ? DEFAULT_CACHE : cache;
        IMap<byte[], byte[]> map = maps.get(name);
        if (map == null) {
            throw new CacheException(CacheError.CACHE_NOT_FOUND, "no cache named '" + name + "'");
        }
        return map;
    }
}
