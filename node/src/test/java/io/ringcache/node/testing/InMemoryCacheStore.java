package io.ringcache.node.testing;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheNames;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.DecimalText;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.ScanPage;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link CacheStore} in one JVM's memory, with the Hazelcast store's semantics for a node
 * alone: versions (1 for a key's first write, +1 per write, 1 again after a delete or an
 * expiry), write conditions, TTLs (0 on a put or a new counter is the cache's default TTL),
 * decimal increments, batches, named caches, and counting, clearing and walking a cache's keys. {@link io.ringcache.node.cache.CacheStoreContract}
 * holds both stores to the same behaviour.
 *
 * <p>Like the Hazelcast store it expects admitted requests (wrap it in
 * {@link io.ringcache.node.cache.AdmittingCacheStore}, see {@link TestStores#admitted}); it does
 * not enforce cache size limits, eviction or max idle, and never flags a miss possibly lost.
 * Thread-safe and non-blocking: every answer is an already completed future, and each key's
 * read-modify-write is one atomic step of a {@link ConcurrentHashMap}.
 */
public final class InMemoryCacheStore implements CacheStore {

    /** What one key holds; {@code expiresAt} 0 means never. Values are never shared outside. */
    private record Stored(byte[] value, long version, long expiresAt) {

        boolean liveAt(long now) {
            return expiresAt == 0 || expiresAt > now;
        }
    }

    /** One named cache: its entries and this node's statistics of it. */
    private static final class Cache {
        final CacheSettings settings;
        final ConcurrentHashMap<ByteBuffer, Stored> entries = new ConcurrentHashMap<>();
        final LongAdder hits = new LongAdder();
        final LongAdder reads = new LongAdder();
        final LongAdder writes = new LongAdder();
        final LongAdder removals = new LongAdder();
        final LongAdder expirations = new LongAdder();

        Cache(CacheSettings settings) {
            this.settings = settings;
        }

        long effectiveTtlMs(long ttlMs) {
            return ttlMs > 0 ? ttlMs : settings.defaultTtl().toMillis();
        }
    }

    /** The buckets a scan walks: the partitions of a node alone. */
    private static final SlotLayout BUCKETS = TestStores.slotLayout(TestStores.PARTITIONS);

    private final Map<String, Cache> caches;
    private final LongSupplier clock;

    /**
     * @param caches the caches to serve ({@code default} among them, as in a node's config)
     * @param clock  the current time in epoch milliseconds; tests pass a {@link ManualClock} to move it
     */
    public InMemoryCacheStore(Collection<CacheSettings> caches, LongSupplier clock) {
        Map<String, Cache> byName = new LinkedHashMap<>();
        for (CacheSettings settings : caches) {
            byName.put(settings.name(), new Cache(settings));
        }
        this.caches = Collections.unmodifiableMap(byName);
        this.clock = clock;
    }

    /** A store on the system clock. */
    public InMemoryCacheStore(Collection<CacheSettings> caches) {
        this(caches, System::currentTimeMillis);
    }

    @Override
    public Future<Lookup> get(String cache, CacheKey key) {
        return answer(() -> read(cache(cache), content(key), clock.getAsLong()));
    }

    @Override
    public Future<WriteResult> put(String cache, CacheKey key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            long ttl = target.effectiveTtlMs(ttlMs);
            byte[] copy = value.clone();
            WriteResult[] result = new WriteResult[1];
            target.entries.compute(content(key), (k, stored) -> {
                long current = liveVersion(target, stored, now);
                if (!condition.holds(current, expectedVersion)) {
                    result[0] = new WriteResult(false, current);
                    return current == 0 ? null : stored;
                }
                result[0] = new WriteResult(true, current + 1);
                return new Stored(copy, current + 1, ttl > 0 ? now + ttl : 0);
            });
            if (result[0].applied()) {
                target.writes.increment();
            }
            return result[0];
        });
    }

    @Override
    public Future<Boolean> delete(String cache, CacheKey key, long expectedVersion) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            boolean[] deleted = new boolean[1];
            target.entries.compute(content(key), (k, stored) -> {
                long current = liveVersion(target, stored, now);
                deleted[0] = current != 0 && (expectedVersion == 0 || current == expectedVersion);
                return deleted[0] || current == 0 ? null : stored;
            });
            if (deleted[0]) {
                target.removals.increment();
            }
            return deleted[0];
        });
    }

    @Override
    public Future<Counter> increment(String cache, CacheKey key, long delta, long initial, long ttlMs) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            Object[] outcome = new Object[1];
            target.entries.compute(content(key), (k, stored) -> {
                boolean live = liveVersion(target, stored, now) != 0;
                long base = initial;
                if (live) {
                    Long parsed = DecimalText.parse(stored.value(), 0);
                    if (parsed == null) {
                        outcome[0] = new CacheException(CacheError.FAILED_PRECONDITION,
                                "the key's value is not a decimal int64");
                        return stored;
                    }
                    base = parsed;
                }
                long value;
                try {
                    value = Math.addExact(base, delta);
                } catch (ArithmeticException e) {
                    outcome[0] = new CacheException(CacheError.FAILED_PRECONDITION,
                            "the increment would overflow int64 (current value " + base + ")");
                    return live ? stored : null;
                }
                // A TTL given replaces the expiry; none keeps a live key's, and gives a new key the default.
                long newTtl = ttlMs > 0 ? ttlMs : (live ? 0 : target.settings.defaultTtl().toMillis());
                long expiresAt = newTtl > 0 ? now + newTtl : (live ? stored.expiresAt() : 0);
                long version = (live ? stored.version() : 0) + 1;
                outcome[0] = new Counter(value, version);
                return new Stored(Long.toString(value).getBytes(StandardCharsets.US_ASCII), version, expiresAt);
            });
            if (outcome[0] instanceof CacheException refused) {
                throw refused;
            }
            target.writes.increment();
            return (Counter) outcome[0];
        });
    }

    @Override
    public Future<Boolean> touch(String cache, CacheKey key, long ttlMs) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            boolean[] found = new boolean[1];
            target.entries.compute(content(key), (k, stored) -> {
                if (liveVersion(target, stored, now) == 0) {
                    return null;
                }
                found[0] = true;
                return new Stored(stored.value(), stored.version(), ttlMs > 0 ? now + ttlMs : 0);
            });
            if (found[0]) {
                target.writes.increment();
            }
            return found[0];
        });
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<CacheKey> keys) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            List<Lookup> lookups = new ArrayList<>(keys.size());
            for (CacheKey key : keys) {
                lookups.add(read(target, content(key), now));
            }
            return lookups;
        });
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<CacheKey> keys, List<byte[]> values, long ttlMs) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            long ttl = target.effectiveTtlMs(ttlMs);
            long expiresAt = ttl > 0 ? now + ttl : 0;
            // As the Hazelcast store: each distinct key written once (the last value), every position answered.
            Map<ByteBuffer, byte[]> distinct = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                distinct.put(content(keys.get(i)), values.get(i).clone());
            }
            Map<ByteBuffer, Long> versions = new LinkedHashMap<>();
            distinct.forEach((content, value) -> target.entries.compute(content, (k, stored) -> {
                long version = liveVersion(target, stored, now) + 1;
                versions.put(content, version);
                return new Stored(value, version, expiresAt);
            }));
            target.writes.add(distinct.size());
            List<Long> inOrder = new ArrayList<>(keys.size());
            for (CacheKey key : keys) {
                inOrder.add(versions.get(content(key)));
            }
            return inOrder;
        });
    }

    @Override
    public Future<Long> deleteMany(String cache, List<CacheKey> keys) {
        return answer(() -> {
            Cache target = cache(cache);
            long now = clock.getAsLong();
            Set<ByteBuffer> distinct = new LinkedHashSet<>();
            keys.forEach(key -> distinct.add(content(key)));
            long deleted = 0;
            for (ByteBuffer content : distinct) {
                boolean[] live = new boolean[1];
                target.entries.computeIfPresent(content, (k, stored) -> {
                    live[0] = liveVersion(target, stored, now) != 0;
                    return null;
                });
                if (live[0]) {
                    deleted++;
                }
            }
            target.removals.add(deleted);
            return deleted;
        });
    }

    @Override
    public Future<Long> size(String cache) {
        return answer(() -> {
            long now = clock.getAsLong();
            return cache(cache).entries.values().stream().filter(stored -> stored.liveAt(now)).count();
        });
    }

    @Override
    public Future<Void> clear(String cache) {
        return answer(() -> {
            cache(cache).entries.clear();
            return null;
        });
    }

    /**
     * Walks the keys bucket by bucket, as the Hazelcast store walks partitions: a key's bucket is
     * the partition its slot has among {@link TestStores#PARTITIONS}, and the cursor is the next
     * bucket to read (0 again at the end). A page holds whole buckets.
     */
    @Override
    public Future<ScanPage> scan(String cache, long cursor, int count) {
        return answer(() -> {
            Cache target = cache(cache);
            if (cursor >= BUCKETS.partitionCount()) {
                throw new CacheException(CacheError.INVALID_ARGUMENT, "invalid cursor");
            }
            long now = clock.getAsLong();
            Map<Integer, List<byte[]>> byBucket = new HashMap<>();
            target.entries.forEach((content, stored) -> {
                if (stored.liveAt(now)) {
                    byte[] key = new byte[content.remaining()];
                    content.duplicate().get(key);
                    byBucket.computeIfAbsent(BUCKETS.partitionOf(Slots.slot(key)), bucket -> new ArrayList<>())
                            .add(key);
                }
            });
            List<byte[]> keys = new ArrayList<>();
            int next = (int) cursor;
            while (next < BUCKETS.partitionCount() && keys.size() < count) {
                keys.addAll(byBucket.getOrDefault(next, List.of()));
                next++;
            }
            return new ScanPage(next == BUCKETS.partitionCount() ? 0 : next, keys);
        });
    }

    @Override
    public List<CacheInfo> describeCaches() {
        long now = clock.getAsLong();
        List<CacheInfo> infos = new ArrayList<>(caches.size());
        for (Cache cache : caches.values()) {
            long entries = 0;
            long bytes = 0;
            for (Map.Entry<ByteBuffer, Stored> entry : cache.entries.entrySet()) {
                if (entry.getValue().liveAt(now)) {
                    entries++;
                    bytes += entry.getKey().capacity() + entry.getValue().value().length;
                }
            }
            infos.add(new CacheInfo(cache.settings, entries, 0, bytes, cache.hits.sum(), cache.reads.sum(),
                    cache.writes.sum(), cache.removals.sum(), 0, cache.expirations.sum()));
        }
        return infos;
    }

    /** Removes every entry of every cache; the statistics stay. */
    public void clear() {
        caches.values().forEach(cache -> cache.entries.clear());
    }

    private Lookup read(Cache target, ByteBuffer content, long now) {
        target.reads.increment();
        Stored stored = target.entries.get(content);
        if (stored != null && !stored.liveAt(now)) {
            if (target.entries.remove(content, stored)) {
                target.expirations.increment();
            }
            stored = null;
        }
        if (stored == null) {
            return Lookup.MISS;
        }
        target.hits.increment();
        long remaining = stored.expiresAt() == 0 ? 0 : Math.max(1, stored.expiresAt() - now);
        // A fresh array per answer: adapters hand it to the wire without copying.
        return new Lookup(stored.value().clone(), stored.version(), remaining);
    }

    /** The version of a possibly absent or expired entry, 0 when there is none; counts an expiry seen. */
    private static long liveVersion(Cache target, Stored stored, long now) {
        if (stored == null) {
            return 0;
        }
        if (!stored.liveAt(now)) {
            target.expirations.increment();
            return 0;
        }
        return stored.version();
    }

    private Cache cache(String name) {
        String resolved = CacheNames.resolve(name);
        Cache cache = caches.get(resolved);
        if (cache == null) {
            throw new CacheException(CacheError.CACHE_NOT_FOUND, "no cache named '" + resolved + "'");
        }
        return cache;
    }

    /** The key's bytes as a map key, copied: the caller's array is not ours to keep. */
    private static ByteBuffer content(CacheKey key) {
        return ByteBuffer.wrap(key.bytes().clone());
    }

    private static <T> Future<T> answer(Supplier<T> operation) {
        try {
            return Future.succeededFuture(operation.get());
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
    }
}
