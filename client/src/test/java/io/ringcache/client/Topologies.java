package io.ringcache.client;

import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyResponse;

import java.nio.charset.StandardCharsets;

/** Topology messages for tests: slots split evenly over members named node-0:7070, node-1:7070, ... */
final class Topologies {

    private Topologies() {
    }

    static TopologyResponse even(long epoch, String... addresses) {
        TopologyResponse.Builder topology = TopologyResponse.newBuilder().setEpoch(epoch);
        for (int i = 0; i < addresses.length; i++) {
            topology.addMembers(Member.newBuilder().setId("id-" + i).setGrpcAddress(addresses[i])
                    .putEndpoints("grpc", addresses[i]));
            int first = i * KeySlots.COUNT / addresses.length;
            int last = (i + 1) * KeySlots.COUNT / addresses.length - 1;
            topology.addSlotRanges(SlotRange.newBuilder().setFirstSlot(first).setLastSlot(last).setOwner(i));
        }
        return topology.build();
    }

    /** The address owning {@code key} in {@link #even} over these addresses. */
    static String ownerIn(String key, String... addresses) {
        return ClientTopology.of(even(1, addresses)).ownerAddress(KeySlots.slot(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** A key of the form prefix + n that {@code owner} owns in {@link #even}. */
    static String keyOwnedBy(String owner, String prefix, String... addresses) {
        for (int i = 0; ; i++) {
            if (ownerIn(prefix + i, addresses).equals(owner)) {
                return prefix + i;
            }
        }
    }
}
