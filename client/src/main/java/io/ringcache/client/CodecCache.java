package io.ringcache.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link TypedCache} over an {@link AsyncCache}: encodes before the call, decodes after it. */
final class CodecCache<K, V> implements TypedCache<K, V> {

    private final AsyncCache cache;
    private final Codec<K> keys;
    private final Codec<V> values;

    CodecCache(AsyncCache cache, Codec<K> keys, Codec<V> values) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.values = Objects.requireNonNull(values, "values");
    }

    @Override
    public CompletionStage<Optional<V>> get(K key) {
        return encoded(() -> cache.get(keys.encode(key)))
                .thenApply(result -> result.found() ? Optional.of(values.decode(result.value())) : Optional.empty());
    }

    @Override
    public CompletionStage<PutResult> put(K key, V value) {
        return encoded(() -> cache.put(keys.encode(key), values.encode(value)));
    }

    @Override
    public CompletionStage<PutResult> put(K key, V value, PutOptions options) {
        return encoded(() -> cache.put(keys.encode(key), values.encode(value), options));
    }

    @Override
    public CompletionStage<Boolean> delete(K key) {
        return encoded(() -> cache.delete(keys.encode(key)));
    }

    @Override
    public CompletionStage<Map<K, V>> getMany(Collection<K> wanted) {
        List<K> order = List.copyOf(wanted);
        return encoded(() -> cache.getMany(order.stream().map(keys::encode).toList())).thenApply(results -> {
            Map<K, V> found = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                GetResult result = results.get(i);
                if (result.found()) {
                    found.put(order.get(i), values.decode(result.value()));
                }
            }
            return found;
        });
    }

    @Override
    public CompletionStage<Void> putMany(Map<K, V> entries, Duration ttl) {
        return encoded(() -> {
            List<KeyValue> pairs = new ArrayList<>(entries.size());
            entries.forEach((key, value) -> pairs.add(new KeyValue(keys.encode(key), values.encode(value))));
            return cache.putMany(pairs, ttl);
        }).thenApply(versions -> null);
    }

    @Override
    public AsyncCache raw() {
        return cache;
    }

    /** A codec that throws fails the call instead of throwing at the caller. */
    private static <T> CompletionStage<T> encoded(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
