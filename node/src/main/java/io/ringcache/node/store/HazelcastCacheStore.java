package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.RequestId;
import io.ringcache.node.cache.ScanPage;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.config.MergePolicy;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.routing.Route;
import io.ringcache.node.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The cache operations on Hazelcast maps, one per named cache. This class only dispatches:
 * reads to {@link KeyReads}, single-key writes to {@link KeyWrites}, batches to
 * {@link BatchOperations}, whole-cache operations to {@link WholeCacheOperations}. It expects admitted requests (see
 * {@link io.ringcache.node.cache.AdmittingCacheStore}); each key's route is the one the request
 * already carries, or is computed here once.
 */
public final class HazelcastCacheStore implements CacheStore {

    private final CacheCatalog caches;
    private final Router router;
    private final KeyReads reads;
    private final KeyWrites writes;
    private final BatchOperations batches;
    private final WholeCacheOperations wholeCaches;
    private final InvalidationLog invalidations;
    private final PartitionLosses losses;

    /**
     * @param router  routes keys that arrive without a route
     * @param crashedCopies finds losses Hazelcast has not reported yet, for flagging misses and fences
     * @param silence how long without a heartbeat makes an owner silent (for the refusal's message)
     * @param hearsMajority whether this member hears a majority now, in a majority view: an owner applies writes only then
     * @param hearsCoordinator whether this member hears the coordinator now: an owner of a
     *                      linearizable-reads cache answers only then
     */
    public HazelcastCacheStore(Vertx vertx, HazelcastInstance hazelcast, NodeConfig node, Router router,
                               LostPartitions lostPartitions, CrashedCopies crashedCopies, Duration silence,
                               BooleanSupplier hearsMajority, BooleanSupplier hearsCoordinator) {
        this.caches = new CacheCatalog(hazelcast, node.caches().values(), lostPartitions,
                node.deletedKeyRetention(), node.mergePolicy());
        this.router = router;
        HazelcastInternals internals = HazelcastInternals.of(hazelcast);
        SlotPartitioningStrategy bySlot = new SlotPartitioningStrategy(router.table().layout());
        KeyPlacement placement = new KeyPlacement(internals, bySlot);
        LocalCopies copies = new LocalCopies(internals);
        WritesInFlight writesInFlight = new WritesInFlight(hazelcast.getPartitionService().getPartitions().size());
        this.losses = new PartitionLosses(lostPartitions, crashedCopies);
        SilentOwner silentOwner = new SilentOwner(silence.toMillis());
        this.reads = new KeyReads(vertx, placement, copies,
                new BackupCopyReads(hazelcast, copies, router, silentOwner), writesInFlight, losses, silentOwner);
        this.writes = new KeyWrites(vertx, placement, writesInFlight, silentOwner);
        this.batches = new BatchOperations(vertx, placement, copies, writesInFlight, losses, silentOwner);
        this.wholeCaches = new WholeCacheOperations(vertx, bySlot, router.table().layout().partitionCount());
        this.invalidations = new InvalidationLog(router.table().layout(), router::table, node.caches().keySet());
        invalidations.install(hazelcast);
        new OwnerLease(hearsMajority, hearsCoordinator).install(hazelcast);
        new OwnerFence(losses, node.caches().values(), router.table().layout()).install(hazelcast);
        new IncrementIds(router.table().layout(), System::nanoTime, IncrementIds.WINDOW_MS,
                IncrementIds.PER_PARTITION).install(hazelcast);
        if (node.mergePolicy() == MergePolicy.PUT_IF_ABSENT) {
            crashedCopies.addMergeBackListener(mergeBackstop(internals));
        }
        for (CacheCatalog.Cache cache : caches.all()) {
            String name = cache.settings().name();
            cache.map().addPartitionLostListener(event -> invalidations.lost(name, event.getPartitionId()));
        }
    }

    /** Re-sends, put-if-absent, what only this member's side held once it has merged back. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private MergeBackstop mergeBackstop(HazelcastInternals internals) {
        return new MergeBackstop(
                (cache, partition, consumer) -> internals.forEachLocalEntry(CacheCatalog.mapName(cache), partition,
                        consumer),
                internals::ownsPartition,
                // The stored forms go to the map as they are: Hazelcast sends Data unserialized.
                (cache, key, value, ttlMs) -> ((IMap) caches.cache(cache).map())
                        .putIfAbsent(key, value, ttlMs, TimeUnit.MILLISECONDS) == null,
                System::currentTimeMillis, MergeBackstop::pause);
    }

    /** The invalidations of the partitions this member owns, for near caches' watch streams. */
    public InvalidationFeed invalidations() {
        return invalidations;
    }

    /** Adds what the store needs to a member's configuration: its serializers and cache maps. */
    public static void configureMember(Config config, NodeConfig node) {
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID,
                new StoreSerialization());
        CacheCatalog.configure(config, node.caches().values(), node.mergePolicy());
        // Backup reads are local map reads: two threads, and a bounded queue (a full one refuses).
        config.getExecutorConfig(BackupRead.EXECUTOR).setPoolSize(2).setQueueCapacity(10_000)
                .setStatisticsEnabled(false);
    }

    @Override
    public Future<Lookup> get(String cache, CacheKey key) {
        return call(cache, target -> reads.get(target, key, route(target, key)));
    }

    @Override
    public Future<WriteResult> put(String cache, CacheKey key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return call(cache, target -> writes.put(target, key, route(target, key), value, ttlMs, condition,
                expectedVersion));
    }

    @Override
    public Future<Boolean> delete(String cache, CacheKey key, long expectedVersion) {
        return call(cache, target -> writes.delete(target, key, route(target, key), expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs) {
        return increment(cache, key, delta, initial, ttlMs, RequestId.NONE);
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs,
                                     RequestId requestId) {
        return call(cache, target -> writes.increment(target, key, route(target, key), delta, initial, ttlMs,
                requestId));
    }

    @Override
    public Future<Boolean> touch(String cache, CacheKey key, long ttlMs) {
        return call(cache, target -> writes.touch(target, key, route(target, key), ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<CacheKey> keys) {
        return call(cache, target -> batches.getMany(target, keys, routes(target, keys)));
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<CacheKey> keys, List<byte[]> values, long ttlMs) {
        return call(cache, target -> batches.putMany(target, keys, routes(target, keys), values, ttlMs));
    }

    @Override
    public Future<Long> deleteMany(String cache, List<CacheKey> keys) {
        return call(cache, target -> batches.deleteMany(target, keys, routes(target, keys)));
    }

    @Override
    public Future<Long> size(String cache) {
        return call(cache, wholeCaches::size);
    }

    @Override
    public Future<Void> clear(String cache) {
        // Even a clear that failed part-way may have removed keys: every member resets the cache's partitions.
        return call(cache, target -> wholeCaches.clear(target)
                .onComplete(done -> invalidations.announceCleared(target.settings().name())));
    }

    @Override
    public Future<ScanPage> scan(String cache, long cursor, int count) {
        return call(cache, target -> wholeCaches.scan(target, cursor, count));
    }

    @Override
    public List<CacheInfo> describeCaches() {
        List<CacheInfo> infos = new ArrayList<>();
        for (CacheCatalog.Cache cache : caches.all()) {
            LocalMapStats stats = cache.map().getLocalMapStats();
            infos.add(new CacheInfo(cache.settings(), stats.getOwnedEntryCount(), stats.getBackupEntryCount(),
                    stats.getOwnedEntryMemoryCost(), stats.getHits(), stats.getGetOperationCount(),
                    stats.getPutOperationCount() + stats.getSetOperationCount(), stats.getRemoveOperationCount(),
                    stats.getEvictionCount(), stats.getExpirationCount()));
        }
        return infos;
    }

    /** The key's route; a key of a partition inside the cache's lost-partition fence is refused here. */
    private Route route(CacheCatalog.Cache target, CacheKey key) {
        Route route = key.route(router);
        losses.refuseIfFenced(target, route);
        return route;
    }

    /** Every key's route; one fenced key refuses the whole batch, as a silent owner does. */
    private List<Route> routes(CacheCatalog.Cache target, List<CacheKey> keys) {
        List<Route> routes = new ArrayList<>(keys.size());
        for (CacheKey key : keys) {
            routes.add(route(target, key));
        }
        return routes;
    }

    /** Runs {@code operation} on the named cache; whatever it throws becomes a failed future. */
    private <T> Future<T> call(String cache, Function<CacheCatalog.Cache, Future<T>> operation) {
        try {
            // A step that throws after the first callback (a member terminated mid-call throws
            // HazelcastInstanceNotActiveException from its internals) fails the future with a raw
            // exception: the taxonomy applies to those too, or the client reads INTERNAL.
            return operation.apply(caches.cache(cache)).recover(HazelcastCacheStore::translated);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        } catch (RuntimeException e) {
            return Future.failedFuture(HazelcastFutures.translate(e));
        }
    }

    private static <T> Future<T> translated(Throwable failure) {
        return Future.failedFuture(failure instanceof CacheException ? failure : HazelcastFutures.translate(failure));
    }
}
