package io.ringcache.node.resp;

import io.ringcache.node.cluster.TopologySnapshot;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.ringcache.node.resp.CommandTable.command;
import static io.ringcache.node.resp.CommandTable.container;

/**
 * CLUSTER SLOTS, SHARDS, NODES, INFO, KEYSLOT, MYID, COUNTKEYSINSLOT, GETKEYSINSLOT: the
 * topology as Redis Cluster clients read it. Each slot range's owner is its master and its
 * backups are its replicas; every member is announced at its advertise host and RESP port.
 */
final class ClusterCommands {

    private final RespServerState state;
    private final SlotLayout layout;

    ClusterCommands(RespServerState state) {
        this.state = state;
        this.layout = new SlotLayout(state.config().partitionCount());
    }

    void register(CommandTable.Builder table) {
        table.add(container("cluster", -2, "cluster", "3.0.0", "A container for Redis Cluster commands.", List.of(
                sub("cluster|slots", 2, "Returns the mapping of cluster slots to nodes.", this::slots),
                sub("cluster|shards", 2, "Returns the mapping of cluster slots to shards.", this::shards),
                sub("cluster|nodes", 2, "Returns the cluster configuration for a node.",
                        call -> {
                            String nodes = ClusterView.of(current()).nodesText();
                            call.reply(writer -> writer.verbatim(nodes));
                        }),
                sub("cluster|info", 2, "Returns information about the state of a node.", this::info),
                sub("cluster|keyslot", 3, "Returns the hash slot for a key.",
                        call -> call.integerReply(Slots.slot(call.arg(2)))),
                sub("cluster|myid", 2, "Returns the ID of a node.",
                        call -> call.bulk(ClusterView.of(current()).myId()
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                sub("cluster|countkeysinslot", 3, "Returns the number of keys in a hash slot.", this::countKeys),
                sub("cluster|getkeysinslot", 4, "Returns the key names in a hash slot.", this::getKeys),
                sub("cluster|help", 2, "Returns helpful text about the different subcommands.",
                        call -> Help.reply(call, "CLUSTER", "SLOTS", "SHARDS", "NODES", "INFO", "KEYSLOT <key>", "MYID",
                                "COUNTKEYSINSLOT <slot>", "GETKEYSINSLOT <slot> <count>")))));
    }

    private static CommandSpec sub(String name, int arity, String summary, CommandSpec.CommandHandler handler) {
        return command(name, arity, "loading stale", 0, 0, 0, "@slow", "cluster", "3.0.0", summary, handler);
    }

    private TopologySnapshot current() {
        return state.topology().current();
    }

    private void slots(RespCall call) {
        ClusterView view = ClusterView.of(current());
        List<ClusterView.Range> ranges = view.ranges();
        call.reply(writer -> {
            writer.array(ranges.size());
            for (ClusterView.Range range : ranges) {
                writer.array(3 + range.replicas().size());
                writer.integer(range.first()).integer(range.last());
                node(writer, range.master());
                range.replicas().forEach(replica -> node(writer, replica));
            }
        });
    }

    private static void node(RespWriter writer, ClusterView.Node node) {
        writer.array(4).bulk(node.host()).integer(node.port()).bulk(node.id()).map(0);
    }

    private void shards(RespCall call) {
        ClusterView view = ClusterView.of(current());
        List<ClusterView.Node> masters = view.masters();
        call.reply(writer -> {
            writer.array(masters.size());
            for (ClusterView.Node master : masters) {
                List<ClusterView.Range> owned = view.rangesOf(master);
                Set<ClusterView.Node> replicas = new LinkedHashSet<>();
                owned.forEach(range -> replicas.addAll(range.replicas()));
                writer.map(2);
                writer.bulk("slots");
                writer.array(owned.size() * 2);
                owned.forEach(range -> writer.integer(range.first()).integer(range.last()));
                writer.bulk("nodes");
                writer.array(1 + replicas.size());
                shardNode(writer, master, "master");
                replicas.forEach(replica -> shardNode(writer, replica, "replica"));
            }
        });
    }

    private static void shardNode(RespWriter writer, ClusterView.Node node, String role) {
        writer.map(7);
        writer.bulk("id").bulk(node.id());
        writer.bulk("port").integer(node.port());
        writer.bulk("ip").bulk(node.host());
        writer.bulk("endpoint").bulk(node.host());
        writer.bulk("role").bulk(role);
        writer.bulk("replication-offset").integer(0);
        writer.bulk("health").bulk("online");
    }

    private void info(RespCall call) {
        ClusterView view = ClusterView.of(current());
        int known = view.nodes().size();
        String text = "cluster_state:ok\r\n"
                + "cluster_slots_assigned:" + Slots.COUNT + "\r\n"
                + "cluster_slots_ok:" + Slots.COUNT + "\r\n"
                + "cluster_slots_pfail:0\r\n"
                + "cluster_slots_fail:0\r\n"
                + "cluster_known_nodes:" + known + "\r\n"
                + "cluster_size:" + view.masters().size() + "\r\n"
                + "cluster_current_epoch:" + known + "\r\n"
                + "cluster_my_epoch:" + view.myEpoch() + "\r\n"
                + "cluster_stats_messages_sent:0\r\n"
                + "cluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
        call.reply(writer -> writer.verbatim(text));
    }

    private int slotArgument(RespCall call) {
        Long slot = RespNumbers.parseLong(call.arg(2));
        if (slot == null || slot < 0 || slot >= Slots.COUNT) {
            throw new RespError("ERR Invalid slot");
        }
        return slot.intValue();
    }

    private void countKeys(RespCall call) {
        int slot = slotArgument(call);
        call.reply(keysInSlot(call.cache(), slot, Integer.MAX_VALUE), (writer, keys) -> writer.integer(keys.size()));
    }

    private void getKeys(RespCall call) {
        int slot = slotArgument(call);
        Long count = RespNumbers.parseLong(call.arg(3));
        if (count == null || count < 0) {
            throw new RespError("ERR Invalid number of keys");
        }
        call.reply(keysInSlot(call.cache(), slot, (int) Math.min(count, Integer.MAX_VALUE)), (writer, keys) -> {
            writer.array(keys.size());
            keys.forEach(writer::bulk);
        });
    }

    /**
     * The keys of one slot: a scan page starting at the slot's partition (the scan cursor is the
     * partition to read next) holds that whole partition, of which the slot's keys are kept.
     */
    private Future<List<byte[]>> keysInSlot(String cache, int slot, int limit) {
        int partition = layout.partitionOf(slot);
        return state.store().scan(cache, partition, 1).map(page -> {
            List<byte[]> keys = new ArrayList<>();
            for (byte[] key : page.keys()) {
                if (keys.size() < limit && Slots.slot(key) == slot) {
                    keys.add(key);
                }
            }
            return keys;
        });
    }
}
