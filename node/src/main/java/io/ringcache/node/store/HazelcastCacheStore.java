package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The cache operations on Hazelcast maps. Every call is validated here, so each protocol
 * adapter gets the same rules; Hazelcast then runs it on the key's owner (locally when this
 * node owns the key), with synchronous backups for writes, and answers asynchronously.
 */
public final class HazelcastCacheStore implements CacheStore {

    private final Vertx vertx;
    private final NodeReadiness readiness;
    private final RequestLimits limits;
    private final CacheCatalog caches;

    public HazelcastCacheStore(Vertx vertx, HazelcastInstance hazelcast, NodeReadiness readiness, NodeConfig node) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.limits = new RequestLimits(node.maxKeyBytes(), node.maxValueBytes());
        this.caches = new CacheCatalog(hazelcast, CacheCatalog.declaredNames());
    }

    /** Adds what the store needs to a member's configuration: its serializers and cache maps. */
    public static void configureMember(Config config, NodeConfig node) {
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID,
                new StoreSerialization());
        CacheCatalog.configure(config, CacheCatalog.declaredNames(), node.backups());
    }

    @Override
    public Future<Lookup> get(String cache, byte[] key) {
        IMap<byte[], byte[]> map;
        try {
            admit();
            limits.checkKey(key);
            map = caches.map(cache);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        return HazelcastFutures.call(() -> map.submitToKey(key, ReadProcessor.INSTANCE), vertx.getOrCreateContext())
                .map(StoredEntry::fromOwnerAnswer);
    }

    @Override
    public Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        IMap<byte[], byte[]> map;
        try {
            admit();
            limits.checkKey(key);
            limits.checkValue(value);
            limits.checkTtl(ttlMs);
            limits.checkCondition(condition, expectedVersion);
            map = caches.map(cache);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        PutProcessor put = new PutProcessor(value, ttlMs, condition, expectedVersion);
        return HazelcastFutures.call(() -> map.submitToKey(key, put), vertx.getOrCreateContext())
                .map(WriteResult::decode);
    }

    @Override
    public Future<Boolean> delete(String cache, byte[] key, long expectedVersion) {
        IMap<byte[], byte[]> map;
        try {
            admit();
            limits.checkKey(key);
            limits.checkCondition(WriteCondition.ALWAYS, expectedVersion);
            map = caches.map(cache);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        DeleteProcessor delete = new DeleteProcessor(expectedVersion);
        return HazelcastFutures.call(() -> map.submitToKey(key, delete), vertx.getOrCreateContext());
    }

    private void admit() {
        if (!readiness.isReady()) {
            throw new CacheException(CacheError.UNAVAILABLE, "node not ready: " + readiness.phase().reason());
        }
    }
}
