package io.ringcache.node.testing;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.config.ConfigLoader;
import io.ringcache.node.config.NodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Configurations for nodes on 127.0.0.1 with free ports and test-speed timings. */
public final class TestNodes {

    private TestNodes() {
    }

    /** A fresh cluster name, so tests never join each other's members. */
    public static String uniqueClusterName() {
        return "test-" + UUID.randomUUID();
    }

    /**
     * Flags for one node: loopback only, free ports, no join wait.
     *
     * @param join the join setting ("" = alone)
     */
    public static List<String> flags(String clusterName, int hazelcastPort, String join, String... extra) {
        List<String> flags = new ArrayList<>(List.of(
                "--cluster-name=" + clusterName,
                "--bind-host=127.0.0.1",
                "--advertise-host=127.0.0.1",
                "--grpc-port=" + FreePorts.next(),
                "--http-port=" + FreePorts.next(),
                "--resp-port=" + FreePorts.next(),
                "--hazelcast-port=" + hazelcastPort,
                "--join=" + join,
                "--join-wait=0s",
                "--shutdown-timeout=20s"));
        flags.addAll(List.of(extra));
        return flags;
    }

    /**
     * Flags for {@code size} nodes of one new cluster, each joining the others on loopback; start
     * them in order (the first is the oldest member).
     */
    public static List<List<String>> clusterFlags(int size, String... extra) {
        String cluster = uniqueClusterName();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(FreePorts.next());
        }
        String join = String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
        return ports.stream().map(port -> flags(cluster, port, join, extra)).toList();
    }

        public static NodeConfig config(List<String> flags) {
        return ConfigLoader.load(flags.toArray(String[]::new), Map.of());
    }

    /** Starts a node and waits until it is ready; a node that does not start is terminated. */
    public static RingcacheNode startNode(NodeConfig config) {
        RingcacheNode node = new RingcacheNode(config);
        try {
            Awaits.result(node.start());
        } catch (RuntimeException e) {
            Awaits.result(node.terminate(), 30);
            throw e;
        }
        return node;
    }

    /** A single ready node with nothing to join. */
    public static RingcacheNode startSingleNode(String... extra) {
        return startNode(config(flags(uniqueClusterName(), FreePorts.next(), "", extra)));
    }
}
