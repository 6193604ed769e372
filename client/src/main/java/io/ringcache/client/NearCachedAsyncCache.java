package io.ringcache.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An {@link AsyncCache} with a near cache: single-key reads go through it, every write of this
 * client removes its keys locally before it is sent and again once it completes (so a read
 * that started before the write cannot bring the older value back), and everything else goes
 * straight to the cluster. GetMany bypasses the near cache (its answers carry no stamps yet).
 */
final class NearCachedAsyncCache implements AsyncCache {

    private final DefaultAsyncCache cluster;
    private final NearCache near;
    private final BlockingCache blocking;

    NearCachedAsyncCache(DefaultAsyncCache cluster, NearCache near, long blockingBoundMs) {
        this.cluster = cluster;
        this.near = near;
        this.blocking = new DefaultBlockingCache(this, blockingBoundMs);
    }

    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public Optional<NearCacheStats> nearCacheStats() {
        return Optional.of(near.stats());
    }

    @Override
    public CompletionStage<GetResult> get(byte[] key) {
        GetResult cached = near.hit(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        NearCache.Reservation reservation = near.reserve(key);
        if (reservation == null) {
            return cluster.get(key);
        }
        CompletableFuture<GetResult> result = new CompletableFuture<>();
        cluster.getStamped(key).whenComplete((response, error) -> {
            if (error != null) {
                near.release(reservation);
                result.completeExceptionally(Calls.unwrap(error));
            } else {
                near.install(reservation, response);
                result.complete(DefaultAsyncCache.result(response));
            }
        });
        return result;
    }

    @Override
    public CompletionStage<GetResult> get(String key) {
        return get(utf8(key));
    }

    @Override
    public CompletionStage<PutResult> put(byte[] key, byte[] value) {
        return writing(key, () -> cluster.put(key, value));
    }

    @Override
    public CompletionStage<PutResult> put(byte[] key, byte[] value, PutOptions options) {
        return writing(key, () -> cluster.put(key, value, options));
    }

    @Override
    public CompletionStage<PutResult> put(String key, String value) {
        return put(utf8(key), utf8(value));
    }

    @Override
    public CompletionStage<PutResult> put(String key, String value, PutOptions options) {
        return put(utf8(key), utf8(value), options);
    }

    @Override
    public CompletionStage<Boolean> delete(byte[] key) {
        return writing(key, () -> cluster.delete(key));
    }

    @Override
    public CompletionStage<Boolean> delete(byte[] key, long expectedVersion) {
        return writing(key, () -> cluster.delete(key, expectedVersion));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return delete(utf8(key));
    }

    @Override
    public CompletionStage<IncrementResult> increment(byte[] key, long delta) {
        return writing(key, () -> cluster.increment(key, delta));
    }

    @Override
    public CompletionStage<IncrementResult> increment(byte[] key, long delta, long initial, Duration ttl) {
        return writing(key, () -> cluster.increment(key, delta, initial, ttl));
    }

    @Override
    public CompletionStage<IncrementResult> increment(String key, long delta) {
        return increment(utf8(key), delta);
    }

    @Override
    public CompletionStage<Boolean> touch(byte[] key, Duration ttl) {
        return writing(key, () -> cluster.touch(key, ttl));
    }

    @Override
    public CompletionStage<Boolean> touch(String key, Duration ttl) {
        return touch(utf8(key), ttl);
    }

    @Override
    public CompletionStage<List<GetResult>> getMany(List<byte[]> keys) {
        return cluster.getMany(keys);
    }

    @Override
    public CompletionStage<List<GetResult>> getMany(String... keys) {
        return cluster.getMany(keys);
    }

    @Override
    public CompletionStage<List<Long>> putMany(List<KeyValue> entries, Duration ttl) {
        List<byte[]> keys = entries.stream().map(KeyValue::key).toList();
        return writingAll(keys, () -> cluster.putMany(entries, ttl));
    }

    @Override
    public CompletionStage<List<Long>> putMany(Map<String, String> entries, Duration ttl) {
        List<byte[]> keys = entries.keySet().stream().map(NearCachedAsyncCache::utf8).toList();
        return writingAll(keys, () -> cluster.putMany(entries, ttl));
    }

    @Override
    public CompletionStage<Long> deleteMany(List<byte[]> keys) {
        return writingAll(keys, () -> cluster.deleteMany(keys));
    }

    @Override
    public CompletionStage<Long> deleteMany(String... keys) {
        return deleteMany(java.util.Arrays.stream(keys).map(NearCachedAsyncCache::utf8).toList());
    }

    @Override
    public BlockingCache blocking() {
        return blocking;
    }

    private <T> CompletionStage<T> writing(byte[] key, Supplier<CompletionStage<T>> write) {
        return writingAll(key == null ? List.of() : List.of(key), write);
    }

    private <T> CompletionStage<T> writingAll(List<byte[]> keys, Supplier<CompletionStage<T>> write) {
        keys.forEach(key -> {
            if (key != null) {
                near.invalidateLocally(key);
            }
        });
        return write.get().whenComplete((ignored, error) -> keys.forEach(key -> {
            if (key != null) {
                near.invalidateLocally(key);
            }
        }));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
