package io.ringcache.node.resp;

import io.ringcache.node.cluster.TopologySnapshot;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.routing.Slots;

/**
 * {@code resp-redirect=moved}: a command whose key another member owns is answered
 * {@code MOVED slot host:port} with the owner's RESP address (when all its keys have that owner), as a Redis Cluster node answers,
 * so a cluster client corrects its slot map at once after a scale step. Off (the default), the
 * node serves every key itself.
 */
final class Redirects {

    private final boolean enabled;
    private volatile TopologySource topology;

    Redirects(boolean enabled) {
        this.enabled = enabled;
    }

    void attach(TopologySource topology) {
        this.topology = topology;
    }

    /** The MOVED error for the first of the call's keys owned elsewhere, or null to serve the call here. */
    String movedFor(CommandSpec spec, RespCall call) {
        TopologySource source = topology;
        if (!enabled || spec.firstKey() <= 0 || source == null) {
            return null;
        }
        TopologySnapshot snapshot = source.current();
        int[] positions = spec.keyPositions(call.argc());
        if (positions.length == 0) {
            return null;
        }
        int firstSlot = Slots.slot(call.arg(positions[0]));
        int owner = snapshot.slotOwners()[firstSlot];
        if (owner < 0 || owner == snapshot.localIndex()) {
            return null;
        }
        // Keys of several owners are served here (split by owner): redirecting them to any one
        // owner would only send the client back and forth.
        for (int i = 1; i < positions.length; i++) {
            if (snapshot.slotOwners()[Slots.slot(call.arg(positions[i]))] != owner) {
                return null;
            }
        }
        String address = snapshot.members().get(owner).endpoints().get(RespEndpoint.NAME);
        return address == null ? null : "MOVED " + firstSlot + " " + address;
    }
}
