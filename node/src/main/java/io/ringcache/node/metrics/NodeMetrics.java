package io.ringcache.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.MigrationCounts;
import io.ringcache.node.cluster.NodeReadiness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's metrics, served in Prometheus text format on {@code GET /metrics}. One registry
 * per node (several nodes can share a JVM in tests), made in the node's wiring; every name is
 * listed in README "Operating ringcache".
 */
public final class NodeMetrics {

    /** Cache statistics are read from Hazelcast at most this often, however many gauges ask. */
    private static final long CACHE_STATS_MAX_AGE_MS = 1_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EventLoopDelay eventLoopDelay;

    /** JVM memory, GC, threads, CPU and uptime, and the delay of every event loop. */
    public void bindProcess(Vertx vertx, int eventLoops) {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        pressure.bindTo(registry);
        closeables.add(pressure);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        eventLoopDelay = new EventLoopDelay(vertx, registry, eventLoops);
    }

    /**
     * Binds the cluster's health: members seen, quorum, readiness, and partitions that lost
     * every copy (a counter that only grows, and how many are within the lost-data window).
     */
    public void bindCluster(IntSupplier members, ClusterQuorum quorum, NodeReadiness readiness,
                            LostPartitions lost) {
        // Supplier gauges: Micrometer holds a gauge's state object only weakly.
        Gauge.builder("ringcache.cluster.members", members::getAsInt)
                .description("Members this node sees, itself included").register(registry);
        Gauge.builder("ringcache.quorum.present", () -> quorum.isPresent() ? 1 : 0)
                .description("1 while this node sees enough members to serve (split-brain protection)")
                .register(registry);
        Gauge.builder("ringcache.node.ready", () -> readiness.isReady() ? 1 : 0)
                .description("1 while this node serves requests").register(registry);
        FunctionCounter.builder("ringcache.partitions.lost", lost, LostPartitions::total)
                .description("Cache partitions that lost every copy since this node started").register(registry);
        Gauge.builder("ringcache.partitions.lost.recent", lost::recentCount)
                .description("Cache partitions that lost every copy within the lost-data window").register(registry);
    }

    /** Partitions this member owns, and partition migrations, once the member has joined. */
    public void bindPartitions(IntSupplier ownedPartitions, MigrationCounts migrations) {
        Gauge.builder("ringcache.partitions.owned", ownedPartitions::getAsInt)
                .description("Partitions whose primary copy this node holds").register(registry);
        Gauge.builder("ringcache.migrations.active", migrations::inProgress)
                .description("Replica moves of the current migration round not yet done (0 when none runs)")
                .register(registry);
        FunctionCounter.builder("ringcache.migrations.completed", migrations, MigrationCounts::completed)
                .description("Partition replica moves completed since this node started").register(registry);
        FunctionCounter.builder("ringcache.migrations.failed", migrations, MigrationCounts::failed)
                .description("Partition replica moves that failed since this node started").register(registry);
    }

    /** Entries, evictions and expirations of every cache on this node. */
    public void bindCaches(Set<String> caches, Supplier<List<CacheInfo>> describe) {
        CacheStats stats = new CacheStats(describe, CACHE_STATS_MAX_AGE_MS);
        for (String cache : caches) {
            cacheGauge("ringcache.cache.entries", "Entries whose primary copy this node holds", cache, stats,
                    CacheInfo::ownedEntries, null);
            cacheGauge("ringcache.cache.backup.entries", "Backup copies this node holds for other owners", cache,
                    stats, CacheInfo::backupEntries, null);
            cacheGauge("ringcache.cache.memory", "Heap the entries this node owns take", cache, stats,
                    CacheInfo::ownedBytes, "bytes");
            cacheCounter("ringcache.cache.evictions", "Entries evicted on this node to stay within the cache's "
                    + "size limit", cache, stats, CacheInfo::evictions);
            cacheCounter("ringcache.cache.expirations", "Entries removed on this node because their TTL or max "
                    + "idle time passed", cache, stats, CacheInfo::expirations);
        }
    }

    /** The per-request metrics for these caches. */
    public RequestMetrics requests(Set<String> caches) {
        return new RequestMetrics(registry, caches);
    }

    /** The meters of the endpoint serving {@code protocol} ({@code resp}). */
    public ProtocolMetrics protocol(String protocol) {
        return new ProtocolMetrics(registry, protocol);
    }

    /**
     * This node's request, routing and cache counters as JSON for the web console, with
     * {@code caches} (read from Hazelcast: call it off the event loop).
     */
    public JsonObject sample(List<CacheInfo> caches) {
        return MetricsSample.of(registry, caches);
    }

    /** Every metric, in Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the event-loop probes and the GC listeners. */
    public void close() {
        if (eventLoopDelay != null) {
            eventLoopDelay.stop();
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Nothing to do about a listener that cannot be removed at shutdown.
            }
        }
    }

    private void cacheGauge(String name, String description, String cache, CacheStats stats,
                            ToDoubleFunction<CacheInfo> value, String baseUnit) {
        Gauge.builder(name, stats, s -> s.of(cache, value)).description(description).tag("cache", cache)
                .baseUnit(baseUnit).strongReference(true).register(registry);
    }

    private void cacheCounter(String name, String description, String cache, CacheStats stats,
                              ToDoubleFunction<CacheInfo> value) {
        FunctionCounter.builder(name, stats, s -> s.of(cache, value))
                .description(description).tag("cache", cache).register(registry);
    }
}
