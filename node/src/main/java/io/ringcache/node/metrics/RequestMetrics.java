package io.ringcache.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheOperation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * What every cache request did, whichever protocol carried it: requests by cache, operation
 * and status; latency per operation; whether this node owned the key or routed it; hits and
 * misses per cache. Cache labels are limited to the configured caches (anything else counts
 * as {@value #UNKNOWN_CACHE}), so a client cannot grow the label set.
 *
 * <p>On every request's path: meters are found by array index (operation, status), not by
 * building a key, and registered the first time they are used, so {@code /metrics} lists only
 * what happened.
 */
public final class RequestMetrics {

    /** The cache label of requests naming a cache the cluster does not have. */
    public static final String UNKNOWN_CACHE = "_unknown";
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};
    private static final CacheOperation[] OPERATIONS = CacheOperation.values();
    private static final CacheError[] ERRORS = CacheError.values();
    /** Status index 0 is OK; a failure's is its error's ordinal plus one. */
    private static final int STATUSES = ERRORS.length + 1;

    private final MeterRegistry registry;
    private final Map<String, CacheMeters> byCache;
    private final CacheMeters unknownCache;
    private final AtomicReferenceArray<Timer> latencies = new AtomicReferenceArray<>(OPERATIONS.length);
    private final AtomicReferenceArray<Counter> routedKeys = new AtomicReferenceArray<>(OPERATIONS.length * 2);

    RequestMetrics(MeterRegistry registry, Set<String> caches) {
        this.registry = registry;
        Map<String, CacheMeters> meters = new HashMap<>();
        caches.forEach(cache -> meters.put(cache, new CacheMeters(cache)));
        this.byCache = Map.copyOf(meters);
        this.unknownCache = new CacheMeters(UNKNOWN_CACHE);
    }

    /** A request finished after {@code nanos}: successfully when {@code error} is null. */
    public void request(String cache, CacheOperation operation, CacheError error, long nanos) {
        int status = error == null ? 0 : error.ordinal() + 1;
        meters(cache).requests(operation, status).increment();
        Timer latency = latencies.get(operation.ordinal());
        if (latency == null) {
            latency = Timer.builder("ringcache.request.duration")
                    .description("Time from a request's arrival to its answer, per operation")
                    .tag("operation", operation.label())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
            latencies.set(operation.ordinal(), latency);
        }
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code keys} keys of a request were owned here ({@code local}) or sent to their owner. */
    public void routed(CacheOperation operation, boolean local, int keys) {
        if (keys > 0) {
            lazily(routedKeys, operation.ordinal() * 2 + (local ? 0 : 1), () -> Counter.builder("ringcache.keys.routed")
                    .description("Keys of requests served by this node as their owner (local) or sent to the "
                            + "owning node (remote)")
                    .tags("operation", operation.label(), "route", local ? "local" : "remote")
                    .register(registry)).increment(keys);
        }
    }

    /** Reads of {@code cache} that found a value, and ones that did not. */
    public void lookups(String cache, int hits, int misses) {
        CacheMeters meters = meters(cache);
        if (hits > 0) {
            meters.hits().increment(hits);
        }
        if (misses > 0) {
            meters.misses().increment(misses);
        }
    }

    private CacheMeters meters(String cache) {
        CacheMeters meters = byCache.get(cache == null || cache.isEmpty() ? "default" : cache);
        return meters != null ? meters : unknownCache;
    }

    /** Registering twice is harmless (Micrometer returns the meter it has), so a race only wastes a lookup. */
    private static Counter lazily(AtomicReferenceArray<Counter> meters, int index, Supplier<Counter> register) {
        Counter counter = meters.get(index);
        if (counter == null) {
            counter = register.get();
            meters.set(index, counter);
        }
        return counter;
    }

    /** The meters of one cache label. */
    private final class CacheMeters {
        private final String label;
        private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(OPERATIONS.length * STATUSES);
        private final AtomicReferenceArray<Counter> lookups = new AtomicReferenceArray<>(2);

        CacheMeters(String label) {
            this.label = label;
        }

        Counter requests(CacheOperation operation, int status) {
            return lazily(requests, operation.ordinal() * STATUSES + status, () -> Counter.builder("ringcache.requests")
                    .description("Cache requests by cache, operation and status")
                    .tags("cache", label, "operation", operation.label(),
                            "status", status == 0 ? "OK" : ERRORS[status - 1].name())
                    .register(registry));
        }

        Counter hits() {
            return lazily(lookups, 0, () -> Counter.builder("ringcache.cache.hits")
                    .description("Key reads that found a value").tag("cache", label).register(registry));
        }

        Counter misses() {
            return lazily(lookups, 1, () -> Counter.builder("ringcache.cache.misses")
                    .description("Key reads that found no value").tag("cache", label).register(registry));
        }
    }
}
