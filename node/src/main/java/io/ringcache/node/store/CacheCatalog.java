package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.config.PartitioningStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.config.MergePolicy;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The named caches this node serves: each one Hazelcast map configured from its settings. */
final class CacheCatalog {

    private static final String MAP_PREFIX = "ringcache.";
    private static final long MIB = 1024L * 1024L;

    /**
     * A cache as the store uses it.
     *
     * @param tombstoneMs how long a deleted key's tombstone stays (0 = none): kept where a
     *                    heal's put-if-absent merge could otherwise bring the key back, and not in
     *                    caches capped by entry count, where a tombstone would take a live entry's
     *                    place
     */
    record Cache(CacheSettings settings, IMap<byte[], byte[]> map, CapacityGuard capacity, long tombstoneMs) {

        /** The TTL a write gets: its own, or the cache's default when it gives none. */
        long effectiveTtlMs(long ttlMs) {
            return ttlMs > 0 ? ttlMs : settings.defaultTtl().toMillis();
        }

        /**
         * Whether the owner may read a key in place instead of through an operation. Such a read
         * refreshes the last-access time (LRU, max-idle) but not the hit count LFU ranks by, and
         * does not expire an entry past its max-idle: caches that depend on either go through
         * an operation.
         */
        boolean readsInPlace() {
            return settings.eviction() != CacheSettings.Eviction.LFU && settings.maxIdle().isZero()
                    && !settings.linearizableReads();
        }

        /**
         * The operation a read runs on the key's owner: in linearizable-reads caches, a new
         * {@link LinearizableRead} (confirmed by the backups, under the owner's strict lease).
         */
        EntryProcessor<byte[], byte[], byte[]> reader() {
            return settings.linearizableReads() ? new LinearizableRead(settings.name()) : ReadProcessor.INSTANCE;
        }

        /** Whether a write's backups are waited for: the cache keeps synchronous backups. */
        boolean confirmsBackups() {
            return settings.backups() > 0;
        }
    }

    private final Map<String, Cache> caches = new LinkedHashMap<>();

    /**
     * @param deletedKeyRetention how long deleted keys keep a tombstone ({@code deleted-key-retention})
     * @param mergePolicy what a healed split does with the smaller side's entries
     */
    CacheCatalog(HazelcastInstance hazelcast, Collection<CacheSettings> declared, LostPartitions lost,
                 Duration deletedKeyRetention, MergePolicy mergePolicy) {
        for (CacheSettings settings : declared) {
            String mapName = mapName(settings.name());
            // Fires when this cache's data in a partition lost more copies than the cache has backups.
            hazelcast.getMap(mapName).addPartitionLostListener(
                    event -> lost.recordLoss(settings.name(), event.getPartitionId()));
            CapacityGuard capacity = settings.eviction() == CacheSettings.Eviction.NONE && settings.isBounded()
                    ? new CapacityGuard(mapName, settings.maxEntriesPerNode(), settings.maxHeapPerNodeMb() * MIB)
                    : CapacityGuard.NONE;
            boolean keepsTombstones = mergePolicy == MergePolicy.PUT_IF_ABSENT && settings.maxEntriesPerNode() == 0;
            caches.put(settings.name(), new Cache(settings, hazelcast.getMap(mapName), capacity,
                    keepsTombstones ? deletedKeyRetention.toMillis() : 0));
        }
    }

    static String mapName(String cache) {
        return MAP_PREFIX + cache;
    }

    /**
     * Adds each cache's map settings to a member configuration, before the member starts.
     *
     * @param mergePolicy what a healed split does with the smaller side's entries
     */
    static void configure(Config config, Collection<CacheSettings> declared, MergePolicy mergePolicy) {
        MergePolicyConfig merge = new MergePolicyConfig().setPolicy(switch (mergePolicy) {
            case DISCARD -> DiscardMergePolicy.class.getName();
            case PUT_IF_ABSENT -> PutIfAbsentMergePolicy.class.getName();
        });
        SlotPartitioningStrategy bySlot = SlotPartitioningStrategy.forMember(config);
        for (CacheSettings settings : declared) {
            MapConfig map = new MapConfig(mapName(settings.name()))
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setBackupCount(settings.backups())
                    .setAsyncBackupCount(settings.asyncBackups())
                    .setReadBackupData(settings.readFromBackup())
                    .setMetadataPolicy(MetadataPolicy.OFF)
                    .setStatisticsEnabled(true)
                    .setMergePolicyConfig(merge)
                    .setPartitioningStrategyConfig(new PartitioningStrategyConfig(bySlot));
            if (!settings.maxIdle().isZero()) {
                map.setMaxIdleSeconds((int) Math.max(1, settings.maxIdle().toSeconds()));
            }
            if (settings.eviction() != CacheSettings.Eviction.NONE) {
                // Hazelcast enforces a per-node size per partition: size x members / partitions each.
                boolean byEntries = settings.maxEntriesPerNode() > 0;
                map.setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(settings.eviction() == CacheSettings.Eviction.LFU
                                ? EvictionPolicy.LFU : EvictionPolicy.LRU)
                        .setMaxSizePolicy(byEntries ? MaxSizePolicy.PER_NODE : MaxSizePolicy.USED_HEAP_SIZE)
                        .setSize(byEntries ? settings.maxEntriesPerNode() : settings.maxHeapPerNodeMb()));
            }
            config.addMapConfig(map);
        }
    }

    /** The cache by name; an empty name is {@code default}. */
    Cache cache(String name) {
        String cacheName = name == null || name.isEmpty() ? CacheSettings.DEFAULT_NAME : name;
        Cache cache = caches.get(cacheName);
        if (cache == null) {
            throw new CacheException(CacheError.CACHE_NOT_FOUND, "no cache named '" + cacheName + "'");
        }
        return cache;
    }

    Collection<Cache> all() {
        return caches.values();
    }
}
