package io.ringcache.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ringcache.node.cluster.ClusterQuorum;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.NodeReadiness;

import java.util.function.IntSupplier;

/**
 * The node's metrics, served in Prometheus text format on {@code GET /metrics}. One registry
 * per node (several nodes can share a JVM in tests), made in the node's wiring.
 */
public final class NodeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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

    /** Every metric, in Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
