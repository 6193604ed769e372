package io.ringcache.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Several nodes in this JVM, each with its own Vert.x, Hazelcast member and ports on
 * 127.0.0.1, joined by a static member list under a cluster name no other test uses.
 */
final class InJvmCluster implements AutoCloseable {

    private static final Duration FORMATION_BOUND = Duration.ofSeconds(60);

    private final String clusterName = TestNodes.uniqueClusterName();
    private final List<Integer> memberPorts = new ArrayList<>();
    private final List<RingcacheNode> nodes = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();
    private final String[] extraFlags;

    private InJvmCluster(int capacity, String... extraFlags) {
        this.extraFlags = extraFlags;
        for (int i = 0; i < capacity; i++) {
            memberPorts.add(FreePorts.next());
        }
    }

    /**
     * Starts {@code size} nodes at once (as docker-compose or a StatefulSet would) and waits
     * until each sees all of them. {@code capacity} nodes may join later.
     */
    static InJvmCluster start(int size, int capacity, String... extraFlags) {
        InJvmCluster cluster = new InJvmCluster(capacity, extraFlags);
        try {
            List<CompletableFuture<RingcacheNode>> starting = IntStream.range(0, size)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> TestNodes.startNode(cluster.config(i))))
                    .toList();
            RuntimeException failure = null;
            for (CompletableFuture<RingcacheNode> node : starting) {
                try {
                    cluster.add(node.join());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            cluster.awaitMembers(size);
            // Tests begin from a settled cluster: every partition assigned and backed up.
            cluster.awaitClusterSafe();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static InJvmCluster start(int size, String... extraFlags) {
        return start(size, size, extraFlags);
    }

    /** Starts one more node, which joins the running ones. */
    RingcacheNode addNode() {
        return addNode(new String[0]);
    }

    /** Starts one more node with flags of its own beside the cluster's, which joins the running ones. */
    RingcacheNode addNode(String... ownFlags) {
        RingcacheNode node = TestNodes.startNode(config(nodes.size(), ownFlags));
        add(node);
        return node;
    }

    private NodeConfig config(int index, String... ownFlags) {
        String join = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<String> flags = TestNodes.flags(clusterName, memberPorts.get(index), join, extraFlags);
        flags.addAll(List.of(ownFlags));
        return TestNodes.config(flags);
    }

    private synchronized void add(RingcacheNode node) {
        nodes.add(node);
        clients.add(new CacheTestClient(node.grpcPort()));
    }

    RingcacheNode node(int index) {
        return nodes.get(index);
    }

    CacheTestClient client(int index) {
        return clients.get(index);
    }

    int size() {
        return nodes.size();
    }

    /** Indexes of the nodes still running. */
    List<Integer> running() {
        return IntStream.range(0, nodes.size()).filter(i -> nodes.get(i).readiness().isReady()).boxed().toList();
    }

    /** Waits until every running node sees exactly {@code expected} members and is ready. */
    void awaitMembers(int expected) {
        await("every running node sees " + expected + " members").atMost(FORMATION_BOUND)
                .until(() -> running().stream().allMatch(i -> hazelcast(i).getCluster().getMembers().size() == expected)
                        && running().size() == expected);
    }

    /** Waits until every partition's backups are in sync: migrations are done. */
    void awaitClusterSafe() {
        await("cluster safe").atMost(FORMATION_BOUND)
                .until(() -> hazelcast(running().get(0)).getPartitionService().isClusterSafe());
    }

    HazelcastInstance hazelcast(int index) {
        return nodes.get(index).member().hazelcast();
    }

    /** The index of the node that owns a key now. */
    int ownerOf(String key) {
        return replicaOf(key, 0);
    }

    /** The index of the node holding a key's first backup now. */
    int backupOf(String key) {
        return replicaOf(key, 1);
    }

    /** The partition a key is stored in: maps place a key in its slot's partition (see SlotPartitioningStrategy). */
    int partitionOf(String key) {
        int partitions = hazelcast(running().get(0)).getPartitionService().getPartitions().size();
        return new SlotLayout(partitions).partitionOf(Slots.slot(key.getBytes(StandardCharsets.UTF_8)));
    }

    private int replicaOf(String key, int replica) {
        UUID member = HazelcastInternals.of(hazelcast(running().get(0))).replicaOf(partitionOf(key), replica);
        return running().stream()
                .filter(i -> hazelcast(i).getCluster().getLocalMember().getUuid().equals(member))
                .findFirst().orElseThrow(() -> new IllegalStateException("replica " + replica + " of " + key
                        + " is on no running node"));
    }

    /** Stops a node gracefully (drain, hand-off), as SIGTERM does. */
    void stopGracefully(int index) {
        Awaits.result(nodes.get(index).stop(), 90);
    }

    /** Kills a node's member at once, as a crash does: no hand-off. */
    void terminate(int index) {
        Awaits.result(nodes.get(index).terminate(), 30);
    }

    /**
     * Terminates these nodes together, each from a thread of its own (a member's termination
     * blocks its caller while it closes), so none waits for another.
     */
    void terminateAtOnce(int... indexes) {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int index : indexes) {
            stopping.add(CompletableFuture.runAsync(() -> terminate(index),
                    task -> new Thread(task, "terminate-node-" + index).start()));
        }
        stopping.forEach(CompletableFuture::join);
    }

    /** Terminates every node and client; one that fails to close never keeps the others open. */
    @Override
    public synchronized void close() {
        for (CacheTestClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // its Vert.x is gone either way
            }
        }
        List<Future<Void>> stopping = nodes.stream().map(RingcacheNode::terminate).toList();
        for (Future<Void> stop : stopping) {
            try {
                Awaits.result(stop, 30);
            } catch (RuntimeException ignored) {
                // already stopped
            }
        }
    }
}
