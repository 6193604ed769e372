package io.ringcache.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every cache request did, whichever protocol carried it: requests by cache, operation
 * and status; latency per operation; whether this node owned the key or routed it; hits and
 * misses per cache. Cache labels are limited to the configured caches (anything else counts
 * as {@value #UNKNOWN_CACHE}), so a client cannot grow the label set.
 */
public final class RequestMetrics {

    /** The cache label of requests naming a cache the cluster does not have. */
    public static final String UNKNOWN_CACHE = "_unknown";
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Set<String> caches;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry, Set<String> caches) {
        this.registry = registry;
        this.caches = Set.copyOf(caches);
    }

    /** A request finished with {@code status} (OK or a failure's name) after {@code nanos}. */
    public void request(String cache, String operation, String status, long nanos) {
        String label = cacheLabel(cache);
        counter("ringcache.requests", "Cache requests by cache, operation and status",
                "cache", label, "operation", operation, "status", status).increment();
        latencies.computeIfAbsent(operation, op -> Timer.builder("ringcache.request.duration")
                .description("Time from a request's arrival to its answer, per operation")
                .tag("operation", op)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code keys} keys of a request were owned here ({@code local}) or sent to their owner. */
    public void routed(String operation, boolean local, int keys) {
        counter("ringcache.keys.routed", "Keys of requests served by this node as their owner (local) or "
                + "sent to the owning node (remote)", "operation", operation, "route", local ? "local" : "remote")
                .increment(keys);
    }

    /** Reads of {@code cache} that found a value, and ones that did not. */
    public void lookups(String cache, int hits, int misses) {
        String label = cacheLabel(cache);
        if (hits > 0) {
            counter("ringcache.cache.hits", "Key reads that found a value", "cache", label).increment(hits);
        }
        if (misses > 0) {
            counter("ringcache.cache.misses", "Key reads that found no value", "cache", label).increment(misses);
        }
    }

    private String cacheLabel(String cache) {
        String name = cache == null || cache.isEmpty() ? "default" : cache;
        return caches.contains(name) ? name : UNKNOWN_CACHE;
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("\u0000", tags), key -> Counter.builder(name)
                .description(description).tags(tags).register(registry));
    }
}
