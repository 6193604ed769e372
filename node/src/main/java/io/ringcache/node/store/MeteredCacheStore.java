package io.ringcache.node.store;

import io.opentelemetry.api.trace.Span;
import io.ringcache.node.metrics.CacheOperation;
import io.ringcache.node.metrics.RequestMetrics;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Predicate;
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
    private final Predicate<byte[]> ownedHere;
    private final Tracing tracing;

    /**
     * @param ownedHere whether this node owns a key's partition now
     * @param tracing   where each request's span goes, if anywhere
     */
    public MeteredCacheStore(CacheStore store, RequestMetrics metrics, Predicate<byte[]> ownedHere, Tracing tracing) {
        this.store = store;
        this.metrics = metrics;
        this.ownedHere = ownedHere;
        this.tracing = tracing;
    }

    @Override
    public Future<Lookup> get(String cache, byte[] key) {
        return timed(cache, CacheOperation.GET, key, () -> store.get(cache, key)).onSuccess(lookup ->
                metrics.lookups(cache, lookup.found() ? 1 : 0, lookup.found() ? 0 : 1));
    }

    @Override
    public Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return timed(cache, CacheOperation.PUT, key, () -> store.put(cache, key, value, ttlMs, condition, expectedVersion));
    }

    @Override
    public Future<Boolean> delete(String cache, byte[] key, long expectedVersion) {
        return timed(cache, CacheOperation.DELETE, key, () -> store.delete(cache, key, expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, byte[] key, long delta, long initial, long ttlMs) {
        return timed(cache, CacheOperation.INCREMENT, key, () -> store.increment(cache, key, delta, initial, ttlMs));
    }

    @Override
    public Future<Boolean> touch(String cache, byte[] key, long ttlMs) {
        return timed(cache, CacheOperation.TOUCH, key, () -> store.touch(cache, key, ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<byte[]> keys) {
        return timedBatch(cache, CacheOperation.GET_MANY, keys, () -> store.getMany(cache, keys)).onSuccess(lookups -> {
            int hits = (int) lookups.stream().filter(Lookup::found).count();
            metrics.lookups(cache, hits, lookups.size() - hits);
        });
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<byte[]> keys, List<byte[]> values, long ttlMs) {
        return timedBatch(cache, CacheOperation.PUT_MANY, keys, () -> store.putMany(cache, keys, values, ttlMs));
    }

    @Override
    public Future<Long> deleteMany(String cache, List<byte[]> keys) {
        return timedBatch(cache, CacheOperation.DELETE_MANY, keys, () -> store.deleteMany(cache, keys));
    }

    @Override
    public List<CacheInfo> describeCaches() {
        return store.describeCaches();
    }

    private <T> Future<T> timed(String cache, CacheOperation operation, byte[] key, Supplier<Future<T>> call) {
        int routed = 0;
        if (key != null && key.length > 0) {
            routed = ownedHere.test(key) ? 0 : 1;
            metrics.routed(operation, routed == 0, 1);
        }
        return observed(cache, operation, 1, routed, false, call);
    }

    private <T> Future<T> timedBatch(String cache, CacheOperation operation, List<byte[]> keys, Supplier<Future<T>> call) {
        int local = 0;
        for (byte[] key : keys) {
            if (key != null && key.length > 0 && ownedHere.test(key)) {
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
