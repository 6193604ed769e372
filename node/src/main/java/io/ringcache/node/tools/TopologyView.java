package io.ringcache.node.tools;

import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyResponse;

import java.util.ArrayList;
import java.util.List;

/** A topology as text: one row per member with its endpoints and the slots it owns and backs up. */
final class TopologyView {

    private final TopologyResponse topology;
    private final List<SlotRange> ranges;

    TopologyView(TopologyResponse topology) {
        this.topology = topology;
        this.ranges = rangesOf(topology);
    }

    /** The ranges the node sent, or ranges rebuilt from the per-slot lists of an older node. */
    private static List<SlotRange> rangesOf(TopologyResponse topology) {
        if (topology.getSlotRangesCount() > 0) {
            return topology.getSlotRangesList();
        }
        List<SlotRange> perSlot = new ArrayList<>();
        int backups = topology.getBackupsPerSlot();
        for (int slot = 0; slot < topology.getSlotOwnersCount(); slot++) {
            SlotRange.Builder range = SlotRange.newBuilder().setFirstSlot(slot).setLastSlot(slot)
                    .setOwner(topology.getSlotOwners(slot));
            for (int b = 0; b < backups && slot * backups + b < topology.getSlotBackupsCount(); b++) {
                range.addBackups(topology.getSlotBackups(slot * backups + b));
            }
            perSlot.add(range.build());
        }
        return perSlot;
    }

    String table() {
        int members = topology.getMembersCount();
        long[] owned = new long[members];
        long[] backedUp = new long[members];
        long unassigned = 0;
        for (SlotRange range : ranges) {
            long slots = (long) range.getLastSlot() - range.getFirstSlot() + 1;
            if (valid(range.getOwner())) {
                owned[range.getOwner()] += slots;
            } else {
                unassigned += slots;
            }
            for (int backup : range.getBackupsList()) {
                if (valid(backup)) {
                    backedUp[backup] += slots;
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"", "MEMBER", "GRPC", "HTTP", "RESP", "SLOTS", "BACKUP-SLOTS"});
        for (int i = 0; i < members; i++) {
            Member member = topology.getMembers(i);
            rows.add(new String[]{member.getSelf() ? "*" : "", member.getId(),
                    member.getEndpointsOrDefault("grpc", member.getGrpcAddress()),
                    member.getEndpointsOrDefault("http", member.getHttpAddress()),
                    member.getEndpointsOrDefault("resp", "-"), Long.toString(owned[i]), Long.toString(backedUp[i])});
        }
        StringBuilder text = new StringBuilder();
        text.append("epoch ").append(topology.getEpoch()).append(", ").append(members)
                .append(members == 1 ? " member" : " members").append(", ").append(topology.getBackupsPerSlot())
                .append(" backup(s) per slot, ").append(ranges.size()).append(ranges.size() == 1 ? " slot range" : " slot ranges")
                .append(unassigned > 0 ? ", " + unassigned + " slots unassigned" : "").append('\n');
        text.append(Columns.format(rows));
        text.append("(* = the node that answered)\n");
        return text.toString();
    }

    /** The owner's and backups' gRPC addresses of the slot, "-" where none. */
    List<String> replicasOf(int slot) {
        for (SlotRange range : ranges) {
            if (slot >= range.getFirstSlot() && slot <= range.getLastSlot()) {
                List<String> replicas = new ArrayList<>();
                replicas.add(describe(range.getOwner()));
                range.getBackupsList().forEach(backup -> replicas.add(describe(backup)));
                return replicas;
            }
        }
        return List.of("-");
    }

    static int slotOf(byte[] key) {
        return KeySlots.slot(key);
    }

    private String describe(int member) {
        if (!valid(member)) {
            return "-";
        }
        Member m = topology.getMembers(member);
        return m.getEndpointsOrDefault("grpc", m.getGrpcAddress()) + " (" + m.getId() + ")";
    }

    private boolean valid(int member) {
        return member >= 0 && member < topology.getMembersCount();
    }
}
