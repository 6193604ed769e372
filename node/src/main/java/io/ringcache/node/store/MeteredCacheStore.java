package io.ringcache.node.store;

import io.ringcache.node.metrics.RequestMetrics;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link CacheStore} that reports every call to {@link RequestMetrics}: its status and
 * latency, whether its keys were owned here, and for reads whether they hit. One place for
 * every protocol adapter, so gRPC, Pipeline and HTTP requests count alike.
 */
public final class MeteredCacheStore implements CacheStore {

    private final CacheStore store;
    private final RequestMetrics metrics;
    private final Predicate<byte[]> ownedHere;

    /** @param ownedHere whether this node owns a key's partition now */
    public MeteredCacheStore(CacheStore store, RequestMetrics metrics, Predicate<byte[]> ownedHere) {
        this.store = store;
        this.metrics = metrics;
        this.ownedHere = ownedHere;
    }

    @Override
    public Future<Lookup> get(String cache, byte[] key) {
        routed("get", key);
        return timed(cache, "get", () -> store.get(cache, key)).onSuccess(lookup ->
                metrics.lookups(cache, lookup.found() ? 1 : 0, lookup.found() ? 0 : 1));
    }

    @Override
    public Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        routed("put", key);
        return timed(cache, "put", () -> store.put(cache, key, value, ttlMs, condition, expectedVersion));
    }

    @Override
    public Future<Boolean> delete(String cache, byte[] key, long expectedVersion) {
        routed("delete", key);
        return timed(cache, "delete", () -> store.delete(cache, key, expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, byte[] key, long delta, long initial, long ttlMs) {
        routed("increment", key);
        return timed(cache, "increment", () -> store.increment(cache, key, delta, initial, ttlMs));
    }

    @Override
    public Future<Boolean> touch(String cache, byte[] key, long ttlMs) {
        routed("touch", key);
        return timed(cache, "touch", () -> store.touch(cache, key, ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<byte[]> keys) {
        routedBatch("get_many", keys);
        return timed(cache, "get_many", () -> store.getMany(cache, keys)).onSuccess(lookups -> {
            int hits = (int) lookups.stream().filter(Lookup::found).count();
            metrics.lookups(cache, hits, lookups.size() - hits);
        });
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<byte[]> keys, List<byte[]> values, long ttlMs) {
        routedBatch("put_many", keys);
        return timed(cache, "put_many", () -> store.putMany(cache, keys, values, ttlMs));
    }

    @Override
    public Future<Long> deleteMany(String cache, List<byte[]> keys) {
        routedBatch("delete_many", keys);
        return timed(cache, "delete_many", () -> store.deleteMany(cache, keys));
    }

    @Override
    public List<CacheInfo> describeCaches() {
        return store.describeCaches();
    }

    private <T> Future<T> timed(String cache, String operation, Supplier<Future<T>> call) {
        long started = System.nanoTime();
        Future<T> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.onComplete((value, failure) -> metrics.request(cache, operation, statusOf(failure),
                System.nanoTime() - started));
    }

    private static String statusOf(Throwable failure) {
        if (failure == null) {
            return "OK";
        }
        return failure instanceof CacheException cache ? cache.error().name() : CacheError.INTERNAL.name();
    }

    private void routed(String operation, byte[] key) {
        if (key != null && key.length > 0) {
            metrics.routed(operation, ownedHere.test(key), 1);
        }
    }

    private void routedBatch(String operation, List<byte[]> keys) {
        int local = 0;
        for (byte[] key : keys) {
            if (key != null && key.length > 0 && ownedHere.test(key)) {
                local++;
            }
        }
        metrics.routed(operation, true, local);
        metrics.routed(operation, false, keys.size() - local);
    }

}
