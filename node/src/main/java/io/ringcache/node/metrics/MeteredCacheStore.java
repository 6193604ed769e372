package io.ringcache.node.metrics;

import io.opentelemetry.api.trace.Span;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheOperation;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.RequestId;
import io.ringcache.node.cache.ScanPage;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.routing.Router;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link CacheStore} that reports every call to {@link RequestMetrics}: its status and
 * latency, whether its keys were owned here, and for reads whether they hit; and, when tracing
 * is on, gives it a span. One place for every protocol adapter, so gRPC, Pipeline and HTTP
 * requests count alike.
 */
public final class MeteredCacheStore implements CacheStore {

    private final CacheStore store;
    private final RequestMetrics metrics;
    private final Router router;
    private final Tracing tracing;

    /**
     * @param router  routes each key (once: the route is kept with the key for the layers below)
     * @param tracing where each request's span goes, if anywhere
     */
    public MeteredCacheStore(CacheStore store, RequestMetrics metrics, Router router, Tracing tracing) {
        this.store = store;
        this.metrics = metrics;
        this.router = router;
        this.tracing = tracing;
    }

    @Override
    public Future<Lookup> get(String cache, CacheKey key) {
        return timed(cache, CacheOperation.GET, key, () -> store.get(cache, key)).onSuccess(lookup ->
                metrics.lookups(cache, lookup.found() ? 1 : 0, lookup.found() ? 0 : 1));
    }

    @Override
    public Future<WriteResult> put(String cache, CacheKey key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return timed(cache, CacheOperation.PUT, key, () -> store.put(cache, key, value, ttlMs, condition, expectedVersion));
    }

    @Override
    public Future<Boolean> delete(String cache, CacheKey key, long expectedVersion) {
        return timed(cache, CacheOperation.DELETE, key, () -> store.delete(cache, key, expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs) {
        return timed(cache, CacheOperation.INCREMENT, key, () -> store.increment(cache, key, delta, initial, ttlMs));
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs,
                                     RequestId requestId) {
        return timed(cache, CacheOperation.INCREMENT, key,
                () -> store.increment(cache, key, delta, initial, ttlMs, requestId));
    }

    @Override
    public Future<Boolean> touch(String cache, CacheKey key, long ttlMs) {
        return timed(cache, CacheOperation.TOUCH, key, () -> store.touch(cache, key, ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<CacheKey> keys) {
        return timedBatch(cache, CacheOperation.GET_MANY, keys, () -> store.getMany(cache, keys)).onSuccess(lookups -> {
            int hits = (int) lookups.stream().filter(Lookup::found).count();
            metrics.lookups(cache, hits, lookups.size() - hits);
        });
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<CacheKey> keys, List<byte[]> values, long ttlMs) {
        return timedBatch(cache, CacheOperation.PUT_MANY, keys, () -> store.putMany(cache, keys, values, ttlMs));
    }

    @Override
    public Future<Long> deleteMany(String cache, List<CacheKey> keys) {
        return timedBatch(cache, CacheOperation.DELETE_MANY, keys, () -> store.deleteMany(cache, keys));
    }

    @Override
    public Future<Long> size(String cache) {
        return observed(cache, CacheOperation.SIZE, 0, 0, false, () -> store.size(cache));
    }

    @Override
    public Future<Void> clear(String cache) {
        return observed(cache, CacheOperation.CLEAR, 0, 0, false, () -> store.clear(cache));
    }

    @Override
    public Future<ScanPage> scan(String cache, long cursor, int count) {
        return observed(cache, CacheOperation.SCAN, 0, 0, false, () -> store.scan(cache, cursor, count));
    }

    @Override
    public List<CacheInfo> describeCaches() {
        return store.describeCaches();
    }

    private <T> Future<T> timed(String cache, CacheOperation operation, CacheKey key, Supplier<Future<T>> call) {
        int routed = 0;
        if (!key.isEmpty()) {
            routed = key.route(router).local() ? 0 : 1;
            metrics.routed(operation, routed == 0, 1);
        }
        return observed(cache, operation, 1, routed, false, call);
    }

    private <T> Future<T> timedBatch(String cache, CacheOperation operation, List<CacheKey> keys, Supplier<Future<T>> call) {
        int local = 0;
        for (CacheKey key : keys) {
            if (!key.isEmpty() && key.route(router).local()) {
                local++;
            }
        }
        metrics.routed(operation, true, local);
        metrics.routed(operation, false, keys.size() - local);
        return observed(cache, operation, keys.size(), keys.size() - local, true, call);
    }

    private <T> Future<T> observed(String cache, CacheOperation operation, int keys, int routed, boolean batch,
                                   Supplier<Future<T>> call) {
        long started = System.nanoTime();
        Span span = tracing.enabled() ? tracing.startRequest(cache, operation.label(), keys, routed, batch) : null;
        Future<T> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.onComplete((value, failure) -> {
            CacheError error = errorOf(failure);
            metrics.request(cache, operation, error, System.nanoTime() - started);
            if (span != null) {
                // The node's own failures, not the request's, mark a trace as failed.
                Tracing.endRequest(span, error == null ? "OK" : error.name(),
                        error == CacheError.INTERNAL || error == CacheError.UNAVAILABLE);
            }
        });
    }

    /** Null for a success. */
    private static CacheError errorOf(Throwable failure) {
        if (failure == null) {
            return null;
        }
        return failure instanceof CacheException cache ? cache.error() : CacheError.INTERNAL;
    }
}
