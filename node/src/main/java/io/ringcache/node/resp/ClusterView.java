package io.ringcache.node.resp;

import io.ringcache.node.cluster.TopologySnapshot.MemberEndpoints;
import io.ringcache.node.cluster.TopologySnapshot.SlotRange;
import io.ringcache.node.cluster.TopologySnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology in Redis Cluster's terms: nodes with 40-hex ids (stable for a member's life:
 * derived from its member UUID), and slot ranges with a master and replicas. A member without a
 * RESP endpoint, and an unassigned range, are announced as this node, which serves any key.
 */
final class ClusterView {

    /** A member as RESP clients reach it. */
    record Node(String id, String host, int port, int epoch) {
    }

    /** Consecutive slots with the same owner and backups. */
    record Range(int first, int last, Node master, List<Node> replicas) {
    }

    private final List<Node> nodes;
    private final Node self;
    private final List<Range> ranges;

    private ClusterView(List<Node> nodes, Node self, List<Range> ranges) {
        this.nodes = nodes;
        this.self = self;
        this.ranges = ranges;
    }

    static ClusterView of(TopologySnapshot snapshot) {
        List<Node> nodes = new ArrayList<>();
        List<MemberEndpoints> members = snapshot.members();
        Node self = null;
        for (int i = 0; i < members.size(); i++) {
            MemberEndpoints member = members.get(i);
            String address = member.endpoints().get(RespEndpoint.NAME);
            Node node = address == null ? null : new Node(nodeId(member.id()), host(address), port(address), i + 1);
            nodes.add(node);
            if (i == snapshot.localIndex()) {
                self = node;
            }
        }
        if (self == null) {
            throw new IllegalStateException("this node has no RESP endpoint in the topology");
        }
        List<Range> ranges = new ArrayList<>();
        for (SlotRange range : snapshot.slotRanges()) {
            Node master = range.owner() >= 0 && nodes.get(range.owner()) != null ? nodes.get(range.owner()) : self;
            List<Node> replicas = new ArrayList<>();
            for (int backup : range.backups()) {
                if (backup >= 0 && nodes.get(backup) != null && nodes.get(backup) != master) {
                    replicas.add(nodes.get(backup));
                }
            }
            Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.master().equals(master) && last.replicas().equals(replicas)
                    && last.last() + 1 == range.firstSlot()) {
                ranges.set(ranges.size() - 1, new Range(last.first(), range.lastSlot(), master, replicas));
            } else {
                ranges.add(new Range(range.firstSlot(), range.lastSlot(), master, List.copyOf(replicas)));
            }
        }
        return new ClusterView(nodes.stream().filter(node -> node != null).toList(), self, List.copyOf(ranges));
    }

    List<Node> nodes() {
        return nodes;
    }

    List<Range> ranges() {
        return ranges;
    }

    String myId() {
        return self.id();
    }

    int myEpoch() {
        return self.epoch();
    }

    /** Nodes that own slots, in member order. */
    List<Node> masters() {
        return nodes.stream().filter(node -> ranges.stream().anyMatch(range -> range.master().equals(node))).toList();
    }

    List<Range> rangesOf(Node master) {
        return ranges.stream().filter(range -> range.master().equals(master)).toList();
    }

    /**
     * CLUSTER NODES: one line per member, every member a master with the slots it owns (a
     * member backs up parts of several others, which Redis's one-master-per-replica lines cannot
     * say; CLUSTER SLOTS and SHARDS list the backups per range).
     */
    String nodesText() {
        long now = System.currentTimeMillis();
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            int busPort = node.port() + 10000 <= 65535 ? node.port() + 10000 : node.port();
            text.append(node.id()).append(' ').append(node.host()).append(':').append(node.port()).append('@')
                    .append(busPort).append(' ').append(node.equals(self) ? "myself,master" : "master")
                    .append(" - 0 ").append(now).append(' ').append(node.epoch()).append(" connected");
            Map<Integer, Integer> merged = new LinkedHashMap<>();
            int open = -1;
            int end = -1;
            for (Range range : rangesOf(node)) {
                if (open >= 0 && end + 1 == range.first()) {
                    end = range.last();
                } else {
                    if (open >= 0) {
                        merged.put(open, end);
                    }
                    open = range.first();
                    end = range.last();
                }
            }
            if (open >= 0) {
                merged.put(open, end);
            }
            merged.forEach((first, last) -> text.append(' ').append(first.equals(last) ? first.toString() : first + "-" + last));
            text.append('\n');
        }
        return text.toString();
    }

    /** A member's Redis node id: 40 hex digits, the SHA-1 of its member UUID. */
    static String nodeId(String memberId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(memberId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-1", e);
        }
    }

    static String host(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
