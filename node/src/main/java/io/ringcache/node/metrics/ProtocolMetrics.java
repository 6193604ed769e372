package io.ringcache.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * What one protocol endpoint saw beyond the cache operations every protocol shares (those are
 * in {@link RequestMetrics}, whatever protocol carried them): its commands (RESP commands, gRPC
 * cache-service methods, HTTP key API calls) by name and its open connections, labelled with
 * the protocol. Command names come from the endpoint's own fixed set (anything else counts as
 * {@code unknown}), so clients cannot grow the label set.
 */
public final class ProtocolMetrics {

    private final MeterRegistry registry;
    private final String protocol;
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();

    ProtocolMetrics(MeterRegistry registry, String protocol) {
        this.registry = registry;
        this.protocol = protocol;
    }

    /** A command arrived; {@code name} is from the endpoint's command table, or null when unknown. */
    public void command(String name) {
        String label = name == null ? "unknown" : name;
        Counter counter = commands.get(label);
        if (counter == null) {
            counter = commands.computeIfAbsent(label, key -> Counter.builder("ringcache.protocol.commands")
                    .description("Commands received, by protocol and command name (RESP commands, gRPC methods, "
                            + "HTTP key API calls)")
                    .tags("protocol", protocol, "command", key)
                    .register(registry));
        }
        counter.increment();
    }

    /** Reports the endpoint's open connections. */
    public void connections(IntSupplier open) {
        Gauge.builder("ringcache.protocol.connections", open::getAsInt)
                .description("Open client connections, by protocol (RESP)")
                .tag("protocol", protocol).strongReference(true).register(registry);
    }
}
