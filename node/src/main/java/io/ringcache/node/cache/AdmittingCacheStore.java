package io.ringcache.node.cache;

import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one gate every cache operation passes, whatever its protocol: the node serves (ready,
 * with quorum), the request meets its limits, the cache exists; only then does the operation go
 * on to the store it wraps. A refusal is a failed future with a {@link CacheException}, never a
 * throw. Keys are routed by the first layer that needs their route, not here.
 */
public final class AdmittingCacheStore implements CacheStore {

    /** For operations whose only arguments are the cache's name. */
    private static final Runnable NO_CHECKS = () -> { };

    private final CacheStore store;
    private final Readiness readiness;
    private final RequestLimits limits;
    private final Set<String> caches;

    /** @param caches the names of the caches this node serves ({@code default} among them) */
    public AdmittingCacheStore(CacheStore store, Readiness readiness, RequestLimits limits, Set<String> caches) {
        this.store = store;
        this.readiness = readiness;
        this.limits = limits;
        this.caches = Set.copyOf(caches);
    }

    @Override
    public Future<Lookup> get(String cache, CacheKey key) {
        return admit(cache, () -> limits.checkKey(key), () -> store.get(cache, key));
    }

    @Override
    public Future<WriteResult> put(String cache, CacheKey key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return admit(cache, () -> {
            limits.checkKey(key);
            limits.checkValue(value);
            limits.checkTtl(ttlMs);
            limits.checkCondition(condition, expectedVersion);
        }, () -> store.put(cache, key, value, ttlMs, condition, expectedVersion));
    }

    @Override
    public Future<Boolean> delete(String cache, CacheKey key, long expectedVersion) {
        return admit(cache, () -> {
            limits.checkKey(key);
            limits.checkCondition(WriteCondition.ALWAYS, expectedVersion);
        }, () -> store.delete(cache, key, expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs) {
        return admit(cache, () -> {
            limits.checkKey(key);
            limits.checkTtl(ttlMs);
        }, () -> store.increment(cache, key, delta, initial, ttlMs));
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs,
                                     RequestId requestId) {
        return admit(cache, () -> {
            limits.checkKey(key);
            limits.checkTtl(ttlMs);
            if (requestId.id().length() > RequestId.MAX_LENGTH) {
                throw new CacheException(CacheError.INVALID_ARGUMENT, "request id is longer than "
                        + RequestId.MAX_LENGTH + " characters");
            }
        }, () -> store.increment(cache, key, delta, initial, ttlMs, requestId));
    }

    @Override
    public Future<Boolean> touch(String cache, CacheKey key, long ttlMs) {
        return admit(cache, () -> {
            limits.checkKey(key);
            limits.checkTtl(ttlMs);
        }, () -> store.touch(cache, key, ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<CacheKey> keys) {
        return admit(cache, () -> checkBatch(keys), () -> store.getMany(cache, keys));
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<CacheKey> keys, List<byte[]> values, long ttlMs) {
        return admit(cache, () -> {
            limits.checkBatch(keys.size());
            limits.checkTtl(ttlMs);
            if (values.size() != keys.size()) {
                throw new CacheException(CacheError.INVALID_ARGUMENT,
                        "the batch has " + keys.size() + " keys and " + values.size() + " values");
            }
            Set<ByteBuffer> seen = new HashSet<>(keys.size() * 2);
            for (int i = 0; i < keys.size(); i++) {
                CacheKey key = keys.get(i);
                limits.checkKey(key);
                limits.checkValue(values.get(i));
                if (!seen.add(ByteBuffer.wrap(key.bytes()))) {
                    throw new CacheException(CacheError.INVALID_ARGUMENT, "key #" + i + " appears twice in the batch");
                }
            }
        }, () -> store.putMany(cache, keys, values, ttlMs));
    }

    @Override
    public Future<Long> deleteMany(String cache, List<CacheKey> keys) {
        return admit(cache, () -> checkBatch(keys), () -> store.deleteMany(cache, keys));
    }

    @Override
    public Future<Long> size(String cache) {
        return admit(cache, NO_CHECKS, () -> store.size(cache));
    }

    @Override
    public Future<Void> clear(String cache) {
        return admit(cache, NO_CHECKS, () -> store.clear(cache));
    }

    @Override
    public Future<ScanPage> scan(String cache, long cursor, int count) {
        return admit(cache, () -> {
            if (cursor < 0) {
                throw new CacheException(CacheError.INVALID_ARGUMENT, "invalid cursor");
            }
            if (count < 1) {
                throw new CacheException(CacheError.INVALID_ARGUMENT, "COUNT must be positive");
            }
        }, () -> store.scan(cache, cursor, count));
    }

    @Override
    public List<CacheInfo> describeCaches() {
        return store.describeCaches();
    }

    /** The whole batch is checked before any of it runs. */
    private void checkBatch(List<CacheKey> keys) {
        limits.checkBatch(keys.size());
        for (CacheKey key : keys) {
            limits.checkKey(key);
        }
    }

    /**
     * Refuses while the node does not serve, then a request that breaks a rule
     * ({@code checks} throws {@link CacheException}), then an unknown cache, in that order;
     * only then does {@code call} run.
     */
    private <T> Future<T> admit(String cache, Runnable checks, Supplier<Future<T>> call) {
        if (!readiness.isReady()) {
            return Future.failedFuture(CacheException.notServing("node not ready: " + readiness.reason()));
        }
        try {
            checks.run();
            String name = CacheNames.resolve(cache);
            if (!caches.contains(name)) {
                throw new CacheException(CacheError.CACHE_NOT_FOUND, "no cache named '" + name + "'");
            }
            return call.get();
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
    }
}
