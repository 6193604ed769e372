package io.ringcache.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.config.JoinSpec;
import io.ringcache.node.config.NodeConfig;

import java.util.Map;

/**
 * Translates a {@link NodeConfig} into the embedded Hazelcast member's configuration. Several
 * Hazelcast defaults break the cache contract (see DESIGN.md) and are overridden here; every
 * override says which promise it keeps.
 */
public final class MemberConfigFactory {

    /** Member attribute holding the node's gRPC port, so any node can publish every endpoint. */
    public static final String GRPC_PORT_ATTRIBUTE = "ringcache.grpc-port";
    /** Member attribute holding the node's HTTP port. */
    public static final String HTTP_PORT_ATTRIBUTE = "ringcache.http-port";
    /** Member attribute holding the node's advertised host, when one is configured. */
    public static final String ADVERTISE_HOST_ATTRIBUTE = "ringcache.advertise-host";
    /** Member attribute holding the host clients reach the node's endpoints at, when one is configured. */
    public static final String CLIENT_HOST_ATTRIBUTE = "ringcache.client-host";
    /**
     * Prefix of the member attributes holding each client endpoint's port, by endpoint name
     * ({@code ringcache.endpoint.grpc}). Ports only: the host is the advertised host or the
     * member's address, known to every member, as for the two attributes above.
     */
    public static final String ENDPOINT_ATTRIBUTE_PREFIX = "ringcache.endpoint.";

    private static final String ANY_ADDRESS = "0.0.0.0";

    private MemberConfigFactory() {
    }

    /**
     * @param endpointPorts every client endpoint's configured port by name, published as member
     *                      attributes (they must be set before the member starts)
     */
    public static Config create(NodeConfig node, Map<String, Integer> endpointPorts) {
        Config config = new Config();
        config.setClusterName(node.clusterName());
        config.setInstanceName("ringcache-" + node.clusterName() + "-" + node.hazelcastPort());
        config.getJetConfig().setEnabled(false);

        configureNetwork(config, node);
        configureJoin(config, node.join());

        config.getMemberAttributeConfig()
                .setAttribute(GRPC_PORT_ATTRIBUTE, Integer.toString(node.grpcPort()))
                .setAttribute(HTTP_PORT_ATTRIBUTE, Integer.toString(node.httpPort()))
                .setAttribute(CacheDeclarations.ATTRIBUTE, CacheDeclarations.encode(node.caches().values()));
        endpointPorts.forEach((name, port) -> config.getMemberAttributeConfig()
                .setAttribute(ENDPOINT_ATTRIBUTE_PREFIX + name, Integer.toString(port)));
        if (!node.clientHost().isEmpty()) {
            config.getMemberAttributeConfig().setAttribute(CLIENT_HOST_ATTRIBUTE, node.clientHost());
        }
        if (!node.advertiseHost().isEmpty()) {
            config.getMemberAttributeConfig().setAttribute(ADVERTISE_HOST_ATTRIBUTE, node.advertiseHost());
        }

        // Values arrive from the network as bytes and stay bytes; Java deserialization is limited
        // to Hazelcast's own allow-list, plus the refusal an owner's entry processor throws (the
        // lease, say): without it the caller drops the error response and waits out the call.
        JavaSerializationFilterConfig javaSerialization = new JavaSerializationFilterConfig();
        javaSerialization.getWhitelist().addClasses(CacheException.class.getName(), CacheError.class.getName());
        config.getSerializationConfig().setJavaSerializationFilterConfig(javaSerialization);

        properties(node).forEach(config::setProperty);
        if (!ANY_ADDRESS.equals(node.bindHost())) {
            // Bind the member to exactly this address; interface matching would only accept
            // addresses listed on an interface (not, say, 127.0.0.2 on loopback).
            config.setProperty("hazelcast.local.localAddress", node.bindHost());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        return config;
    }

    static final int MASTER_SEARCH_SECONDS = 2;
    static final int SOCKET_CONNECT_TIMEOUT_SECONDS = 10;
    /** A negative linger leaves SO_LINGER unset: closing sends a FIN after the data, not a reset. */
    static final int LINGER_OFF = -1;

    static Map<String, String> properties(NodeConfig node) {
        long memberTimeoutSeconds = Math.max(2, node.memberTimeout().toSeconds());
        return Map.ofEntries(
                Map.entry("hazelcast.logging.type", "slf4j"),
                Map.entry("hazelcast.phone.home.enabled", "false"),
                // The node runs its own ordered shutdown on SIGTERM (drain, then hand-off).
                Map.entry("hazelcast.shutdownhook.enabled", "false"),
                Map.entry("hazelcast.graceful.shutdown.max.wait",
                        Long.toString(Math.max(1, node.shutdownTimeout().toSeconds()))),
                // Failure detection in seconds rather than Hazelcast's 60 s.
                Map.entry("hazelcast.heartbeat.interval.seconds", "1"),
                Map.entry("hazelcast.max.no.heartbeat.seconds", Long.toString(memberTimeoutSeconds)),
                Map.entry("hazelcast.partial.member.disconnection.resolution.heartbeat.count", "3"),
                // Errors inside a client's deadline rather than after minutes of retries.
                Map.entry("hazelcast.operation.call.timeout.millis", "10000"),
                Map.entry("hazelcast.invocation.max.retry.count", "40"),
                Map.entry("hazelcast.invocation.retry.pause.millis", "250"),
                // A member that missed a partition-table update after a failover (or a new
                // master still repairing the table) gets it within 1 s instead of 15 s.
                Map.entry("hazelcast.partition.table.send.interval", "1"),
                // A write whose synchronous backup is not confirmed fails instead of being
                // acknowledged unprotected after the backup timeout; the timeout stays well
                // under client deadlines, so the client gets a retryable UNAVAILABLE rather than
                // DEADLINE_EXCEEDED while backups are stalled by a membership change.
                Map.entry("hazelcast.operation.fail.on.indeterminate.state", "true"),
                Map.entry("hazelcast.operation.backup.timeout.millis", "2000"),
                Map.entry("hazelcast.wait.seconds.before.join", Long.toString(node.joinWait().toSeconds())),
                Map.entry("hazelcast.max.wait.seconds.before.join", Long.toString(node.joinWait().toSeconds() * 2)),
                // Heal accidental splits (e.g. simultaneous start) in seconds, not 5 minutes.
                Map.entry("hazelcast.merge.first.run.delay.seconds", "10"),
                Map.entry("hazelcast.merge.next.run.delay.seconds", "10"),
                Map.entry("hazelcast.partition.count", Integer.toString(node.partitionCount())));
    }

    /**
     * A member endpoint of its own (Hazelcast's advanced network), not the single port shared by
     * every protocol. With the shared port, a connection this member opens speaks through
     * Hazelcast's unified protocol encoder, which, until the peer answers the protocol
     * handshake, reports its pipeline done while the handshake frame waits; the output thread
     * then re-runs it in a busy loop, never returning to its selector. A frozen member's kernel
     * still accepts connections, so every survivor that reconnected to it burned a core and
     * starved the other connections on that thread (their heartbeats included) until the frozen
     * member was removed. The member endpoint's encoder waits for the answer instead.
     * Only members connect here: ringcache's clients use its own endpoints, and Hazelcast's
     * REST and memcache endpoints stay off.
     */
    private static void configureNetwork(Config config, NodeConfig node) {
        ServerSocketEndpointConfig member = new ServerSocketEndpointConfig()
                .setPort(node.hazelcastPort()).setPortAutoIncrement(false)
                // The shared port's socket defaults, which an endpoint's do not keep: a connect
                // gives up after 10 s (an endpoint's default, 0, waits on the OS, minutes when a
                // cut drops the SYNs), and a close is a FIN (an endpoint's linger of 0 resets
                // every connection of a member that leaves, logged as a WARN on each other member).
                .setSocketConnectTimeoutSeconds(SOCKET_CONNECT_TIMEOUT_SECONDS);
        member.setSocketLingerSeconds(LINGER_OFF);
        if (!node.advertiseHost().isEmpty()) {
            member.setPublicAddress(node.advertiseHost() + ":" + node.hazelcastPort());
        }
        config.getAdvancedNetworkConfig().setEnabled(true).setMemberEndpointConfig(member);
    }

    private static void configureJoin(Config config, JoinSpec join) {
        JoinConfig joinConfig = config.getAdvancedNetworkConfig().getJoin();
        joinConfig.getMulticastConfig().setEnabled(false);
        joinConfig.getAutoDetectionConfig().setEnabled(false);
        joinConfig.getTcpIpConfig().setEnabled(false);
        switch (join.mode()) {
            case ALONE -> { }
            // How long a starting member asks the listed others for a master before claiming
            // mastership: Hazelcast's 5 s, spent in full whenever the members start together.
            // Static joins (the README's recipe, the tests) use 2 s. DNS joins (compose,
            // Kubernetes) keep the 5 s: a compose scale-up under load saw one read exceed its
            // deadline with 2 s, not yet explained.
            case STATIC -> joinConfig.getTcpIpConfig().setEnabled(true)
                    .setConnectionTimeoutSeconds(MASTER_SEARCH_SECONDS).setMembers(join.members());
            case DNS -> {
                config.setProperty("hazelcast.discovery.enabled", "true");
                joinConfig.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(
                        new DnsDiscoveryStrategyFactory(join.dnsName(), join.dnsPort())));
            }
        }
    }
}
