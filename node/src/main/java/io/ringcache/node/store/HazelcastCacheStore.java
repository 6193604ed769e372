package io.ringcache.node.store;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The cache operations on Hazelcast maps. Every call is validated here, so each protocol
 * adapter gets the same rules; then it runs as an entry processor on the key's owner (locally
 * when this node owns the key), writes with synchronous backups, and answers asynchronously.
 */
public final class HazelcastCacheStore implements CacheStore {

    private static final Runnable NO_MORE_CHECKS = () -> { };

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
        return onOwner(cache, key, NO_MORE_CHECKS, ReadProcessor.INSTANCE).map(StoredEntry::fromOwnerAnswer);
    }

    @Override
    public Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return onOwner(cache, key, () -> {
            limits.checkValue(value);
            limits.checkTtl(ttlMs);
            limits.checkCondition(condition, expectedVersion);
        }, new PutProcessor(value, ttlMs, condition, expectedVersion)).map(WriteResult::decode);
    }

    @Override
    public Future<Boolean> delete(String cache, byte[] key, long expectedVersion) {
        return onOwner(cache, key, () -> limits.checkCondition(WriteCondition.ALWAYS, expectedVersion),
                new DeleteProcessor(expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, byte[] key, long delta, long initial, long ttlMs) {
        return onOwner(cache, key, () -> limits.checkTtl(ttlMs), new IncrementProcessor(delta, initial, ttlMs))
                .compose(HazelcastCacheStore::toCounter);
    }

    @Override
    public Future<Boolean> touch(String cache, byte[] key, long ttlMs) {
        return onOwner(cache, key, () -> limits.checkTtl(ttlMs), new TouchProcessor(ttlMs));
    }

    /** Validates, then runs {@code processor} on the key's owner; answers on the caller's context. */
    private <T> Future<T> onOwner(String cache, byte[] key, Runnable moreChecks,
                                  EntryProcessor<byte[], byte[], T> processor) {
        IMap<byte[], byte[]> map;
        try {
            admit();
            limits.checkKey(key);
            moreChecks.run();
            map = caches.map(cache);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        return HazelcastFutures.call(() -> map.submitToKey(key, processor), vertx.getOrCreateContext());
    }

    private static Future<Counter> toCounter(long[] outcome) {
        if (outcome[0] == IncrementProcessor.NOT_A_NUMBER) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "the key's value is not a decimal int64"));
        }
        if (outcome[0] == IncrementProcessor.OVERFLOW) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "the increment would overflow int64 (current value " + outcome[1] + ")"));
        }
        return Future.succeededFuture(new Counter(outcome[1], outcome[2]));
    }

    private void admit() {
        if (!readiness.isReady()) {
            throw new CacheException(CacheError.UNAVAILABLE, "node not ready: " + readiness.phase().reason());
        }
    }
}
