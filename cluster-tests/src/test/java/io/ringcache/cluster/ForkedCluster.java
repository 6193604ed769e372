package io.ringcache.cluster;

import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.TopologyResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Nodes in JVMs of their own on 127.0.0.1, started from the runnable jar, joined by a static
 * member list: the cluster the fault tests crash, freeze and restart. Clients and nodes are
 * replaced in place when a node restarts, so indexes stay stable.
 */
final class ForkedCluster implements AutoCloseable {

    private static final Duration FORMATION_BOUND = Duration.ofSeconds(120);

    private final List<ForkedNode> nodes = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();
    private String clusterName;
    private String join;
    private List<String> extraFlags = List.of();

    /** Starts {@code size} nodes at once and waits until each is ready and sees all of them. */
    static ForkedCluster start(int size, String... extraFlags) throws IOException {
        ForkedCluster cluster = new ForkedCluster();
        try {
            String clusterName = TestNodes.uniqueClusterName();
            List<Integer> memberPorts = IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
            String join = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            cluster.clusterName = clusterName;
            cluster.join = join;
            cluster.extraFlags = List.of(extraFlags);
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(ForkedNode.start(clusterName, memberPorts.get(i), join, "node" + i, List.of(),
                        List.of(extraFlags)));
            }
            cluster.awaitReady(cluster.indexes(), size);
            cluster.nodes.forEach(n -> cluster.clients.add(new CacheTestClient(n.grpcPort())));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * SIGKILLs these nodes together, then waits for them all to exit. Killing one after the other
     * would leave the cluster tens of milliseconds in between to re-replicate, which is not what
     * "lost at once" means.
     */
    void killAtOnce(int... indexes) throws InterruptedException {
        for (int index : indexes) {
            nodes.get(index).killWithoutWaiting();
        }
        for (int index : indexes) {
            nodes.get(index).kill();
        }
    }

    /**
     * Starts one more node (scale up) that joins the running members; does not wait for it to
     * be ready. Returns its index.
     */
    int addNode() throws IOException {
        int port = FreePorts.next();
        join = join + ",127.0.0.1:" + port;
        int index = nodes.size();
        nodes.add(ForkedNode.start(clusterName, port, join, "node" + index, List.of(), extraFlags));
        clients.add(new CacheTestClient(nodes.get(index).grpcPort()));
        return index;
    }

    ForkedNode node(int index) {
        return nodes.get(index);
    }

    CacheTestClient client(int index) {
        return clients.get(index);
    }

    List<Integer> indexes() {
        return IntStream.range(0, nodes.size()).boxed().toList();
    }

    List<Integer> allBut(int index) {
        return indexes().stream().filter(i -> i != index).toList();
    }

    List<Integer> grpcPorts(List<Integer> indexes) {
        return indexes.stream().map(i -> nodes.get(i).grpcPort()).toList();
    }

    /** Waits until each of {@code which} is ready and sees {@code members} members. */
    void awaitReady(List<Integer> which, int members) {
        await("nodes " + which + " ready with " + members + " members").atMost(FORMATION_BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> which.stream().allMatch(i -> {
                    ForkedNode node = nodes.get(i);
                    if (!node.isAlive()) {
                        throw new IllegalStateException("node " + i + " exited; log: " + node.log());
                    }
                    return node.isReadyWith(members);
                }));
    }

    /** Waits until no partition is migrating and every backup is in sync, so owners stay put. */
    void awaitClusterSafe() {
        await("cluster safe").atMost(FORMATION_BOUND).until(() -> nodes.get(0).isClusterSafe());
    }

    /** The index of the node that owns {@code key} now, as node {@code asked} sees it. */
    int ownerOf(String key, int asked) {
        TopologyResponse topology = clients.get(asked).topology();
        return indexOf(topology, topology.getSlotOwners(Slots.slot(key.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * The index of the node holding the first backup of {@code key} now, as node {@code asked}
     * sees it; -1 while no backup is assigned (just after the cluster formed).
     */
    int firstBackupOf(String key, int asked) {
        TopologyResponse topology = clients.get(asked).topology();
        int slot = Slots.slot(key.getBytes(StandardCharsets.UTF_8));
        int member = topology.getSlotBackups(slot * topology.getBackupsPerSlot());
        return member < 0 ? -1 : indexOf(topology, member);
    }

    /**
     * {@code count} fresh keys whose owner and first backup are both other than node {@code member}
     * (as node {@code asked} sees it): the keys a fault of that member alone should not touch.
     */
    List<String> keysAwayFrom(int member, int count, int asked) {
        TopologyResponse topology = clients.get(asked).topology();
        List<String> keys = new ArrayList<>();
        for (String key : HistoryLoad.freshKeys(100 * count)) {
            int slot = Slots.slot(key.getBytes(StandardCharsets.UTF_8));
            int backup = topology.getSlotBackups(slot * topology.getBackupsPerSlot());
            if (backup >= 0 && indexOf(topology, topology.getSlotOwners(slot)) != member
                    && indexOf(topology, backup) != member) {
                keys.add(key);
                if (keys.size() == count) {
                    return keys;
                }
            }
        }
        throw new IllegalStateException("too few keys away from node " + member + ": " + keys.size());
    }

    /**
     * How many slots have their owner and first backup both among {@code members}, as node
     * {@code asked} sees it: the slots a crash of exactly those members loses with one backup.
     */
    int slotsOwnedAndBackedUpWithin(java.util.Collection<Integer> members, int asked) {
        TopologyResponse topology = clients.get(asked).topology();
        int count = 0;
        for (int slot = 0; slot < topology.getSlotOwnersCount(); slot++) {
            int backup = topology.getSlotBackups(slot * topology.getBackupsPerSlot());
            if (backup >= 0 && members.contains(indexOf(topology, topology.getSlotOwners(slot)))
                    && members.contains(indexOf(topology, backup))) {
                count++;
            }
        }
        return count;
    }

    /** The index of the oldest member, which coordinates the cluster (Hazelcast's master). */
    int coordinator(int asked) {
        return indexOf(clients.get(asked).topology(), 0);
    }

    private int indexOf(TopologyResponse topology, int member) {
        String grpcAddress = topology.getMembers(member).getGrpcAddress();
        return indexes().stream().filter(i -> grpcAddress.endsWith(":" + nodes.get(i).grpcPort())).findFirst()
                .orElseThrow();
    }

    /** SIGTERM, wait for a clean exit, start the same node again; does not wait for it to be ready. */
    void restartGracefully(int index, Duration bound) throws IOException, InterruptedException {
        int status = nodes.get(index).terminate(bound);
        if (status != 0) {
            throw new IllegalStateException("node " + index + " exited " + status + " after SIGTERM; log: "
                    + nodes.get(index).log());
        }
        nodes.set(index, nodes.get(index).restart());
    }

    /** SIGKILL and start the same node again; does not wait for it to be ready. */
    void restartByKill(int index) throws IOException, InterruptedException {
        nodes.get(index).kill();
        nodes.set(index, nodes.get(index).restart());
    }

    @Override
    public void close() {
        clients.forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // its Vert.x is gone either way
            }
        });
        for (ForkedNode node : nodes) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
