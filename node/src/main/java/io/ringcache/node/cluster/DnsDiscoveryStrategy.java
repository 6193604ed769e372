package io.ringcache.node.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Members are every address a DNS name resolves to: the shape of a Kubernetes headless
 * Service and of a docker-compose service. Hazelcast calls {@link #discoverNodes()} again on
 * every join attempt, so members that appear later are found.
 */
final class DnsDiscoveryStrategy extends AbstractDiscoveryStrategy {

    private final String dnsName;
    private final int port;

    DnsDiscoveryStrategy(ILogger logger, Map<String, Comparable> properties, String dnsName, int port) {
        super(logger, properties);
        this.dnsName = dnsName;
        this.port = port;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
        List<DiscoveryNode> nodes = new ArrayList<>();
        try {
            for (InetAddress address : InetAddress.getAllByName(dnsName)) {
                nodes.add(new SimpleDiscoveryNode(new Address(address, port)));
            }
        } catch (UnknownHostException e) {
            // Normal while the name has no ready address yet (the first pod of a StatefulSet).
            getLogger().fine("DNS name " + dnsName + " does not resolve yet: " + e.getMessage());
        }
        return nodes;
    }
}
