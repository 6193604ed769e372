package io.ringcache.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.ringcache.node.cache.CacheInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One member's counters at one moment, for the web console: every figure is cumulative since
 * the node started, so the browser turns two samples into rates and latency percentiles
 * (the latency histogram's buckets are summed over operations, each count holding the
 * requests that took at most its bound).
 */
final class MetricsSample {

    private MetricsSample() {
    }

    static JsonObject of(MeterRegistry registry, List<CacheInfo> caches) {
        Map<String, Double> byOperation = new TreeMap<>();
        double errors = 0;
        for (Counter counter : registry.find("ringcache.requests").counters()) {
            byOperation.merge(counter.getId().getTag("operation"), counter.count(), Double::sum);
            if (!"OK".equals(counter.getId().getTag("status"))) {
                errors += counter.count();
            }
        }
        Map<String, Double> byProtocol = new TreeMap<>();
        for (Counter counter : registry.find("ringcache.protocol.commands").counters()) {
            byProtocol.merge(counter.getId().getTag("protocol"), counter.count(), Double::sum);
        }
        Map<String, Double> routed = new TreeMap<>();
        for (Counter counter : registry.find("ringcache.keys.routed").counters()) {
            routed.merge(counter.getId().getTag("route"), counter.count(), Double::sum);
        }
        Map<String, Double> hits = perCache(registry, "ringcache.cache.hits");
        Map<String, Double> misses = perCache(registry, "ringcache.cache.misses");
        JsonObject perCache = new JsonObject();
        long evictions = 0;
        long expirations = 0;
        for (CacheInfo cache : caches) {
            String name = cache.settings().name();
            evictions += cache.evictions();
            expirations += cache.expirations();
            perCache.put(name, new JsonObject()
                    .put("entries", cache.ownedEntries())
                    .put("backup_entries", cache.backupEntries())
                    .put("memory_bytes", cache.ownedBytes())
                    .put("hits", hits.getOrDefault(name, 0.0).longValue())
                    .put("misses", misses.getOrDefault(name, 0.0).longValue())
                    .put("evictions", cache.evictions())
                    .put("expirations", cache.expirations()));
        }
        return new JsonObject()
                .put("requests", counts(byOperation))
                .put("errors", (long) errors)
                .put("protocol_commands", counts(byProtocol))
                .put("routed", counts(routed))
                .put("hits", (long) hits.values().stream().mapToDouble(Double::doubleValue).sum())
                .put("misses", (long) misses.values().stream().mapToDouble(Double::doubleValue).sum())
                .put("evictions", evictions)
                .put("expirations", expirations)
                .put("latency", latency(registry))
                .put("caches", perCache);
    }

    private static Map<String, Double> perCache(MeterRegistry registry, String name) {
        Map<String, Double> values = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            values.merge(counter.getId().getTag("cache"), counter.count(), Double::sum);
        }
        return values;
    }

    private static JsonObject counts(Map<String, Double> values) {
        JsonObject json = new JsonObject();
        values.forEach((key, value) -> json.put(key, value.longValue()));
        return json;
    }

    /** The request-duration buckets of every operation added up: bounds in ms, cumulative counts. */
    private static JsonObject latency(MeterRegistry registry) {
        double[] bounds = null;
        long[] counts = null;
        long total = 0;
        for (Timer timer : registry.find("ringcache.request.duration").timers()) {
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            if (bounds == null) {
                bounds = new double[buckets.length];
                counts = new long[buckets.length];
                for (int i = 0; i < buckets.length; i++) {
                    bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                }
            }
            for (int i = 0; i < Math.min(buckets.length, counts.length); i++) {
                counts[i] += (long) buckets[i].count();
            }
            total += timer.count();
        }
        JsonArray boundsJson = new JsonArray();
        JsonArray countsJson = new JsonArray();
        for (int i = 0; bounds != null && i < bounds.length; i++) {
            boundsJson.add(bounds[i]);
            countsJson.add(counts[i]);
        }
        return new JsonObject().put("bounds_ms", boundsJson).put("counts", countsJson).put("total", total);
    }
}
