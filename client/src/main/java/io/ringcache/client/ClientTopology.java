package io.ringcache.client;

import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyResponse;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable snapshot of what the client routes by: every member's gRPC address and, for
 * every slot, the index of its owner (-1 while unassigned). Built once per topology message.
 */
final class ClientTopology {

    static final ClientTopology EMPTY = new ClientTopology(0, List.of(), filled(-1));

    private final long epoch;
    private final List<String> addresses;
    private final int[] ownerOfSlot;

    ClientTopology(long epoch, List<String> addresses, int[] ownerOfSlot) {
        this.epoch = epoch;
        this.addresses = List.copyOf(addresses);
        this.ownerOfSlot = ownerOfSlot;
    }

    /** The slot ranges when the node sends them (they are compact), else the per-slot list. */
    static ClientTopology of(TopologyResponse response) {
        List<String> addresses = response.getMembersList().stream().map(ClientTopology::grpcAddress).toList();
        int[] owners = filled(-1);
        if (response.getSlotRangesCount() > 0) {
            for (SlotRange range : response.getSlotRangesList()) {
                int first = Math.max(0, range.getFirstSlot());
                int last = Math.min(KeySlots.COUNT - 1, range.getLastSlot());
                if (first <= last) {
                    Arrays.fill(owners, first, last + 1, valid(range.getOwner(), addresses.size()));
                }
            }
        } else if (response.getSlotOwnersCount() == KeySlots.COUNT) {
            for (int slot = 0; slot < KeySlots.COUNT; slot++) {
                owners[slot] = valid(response.getSlotOwners(slot), addresses.size());
            }
        }
        return new ClientTopology(response.getEpoch(), addresses, owners);
    }

    private static String grpcAddress(Member member) {
        String endpoint = member.getEndpointsOrDefault("grpc", "");
        return endpoint.isEmpty() ? member.getGrpcAddress() : endpoint;
    }

    private static int valid(int member, int members) {
        return member >= 0 && member < members ? member : -1;
    }

    private static int[] filled(int value) {
        int[] owners = new int[KeySlots.COUNT];
        Arrays.fill(owners, value);
        return owners;
    }

    long epoch() {
        return epoch;
    }

    List<String> addresses() {
        return addresses;
    }

    /** The gRPC address of the slot's owner, or null while the slot is unassigned. */
    String ownerAddress(int slot) {
        int owner = ownerOfSlot[slot];
        return owner < 0 ? null : addresses.get(owner);
    }
}
