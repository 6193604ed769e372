package io.ringcache.node.cluster;

import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Creates the {@link DnsDiscoveryStrategy} for one DNS name and member port. */
final class DnsDiscoveryStrategyFactory implements DiscoveryStrategyFactory {

    private final String dnsName;
    private final int port;

    DnsDiscoveryStrategyFactory(String dnsName, int port) {
        this.dnsName = dnsName;
        this.port = port;
    }

    @Override
    public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
        return DnsDiscoveryStrategy.class;
    }

    @Override
    public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
                                                  Map<String, Comparable> properties) {
        return new DnsDiscoveryStrategy(logger, properties, dnsName, port);
    }

    @Override
    public Collection<PropertyDefinition> getConfigurationProperties() {
        return List.of();
    }
}
