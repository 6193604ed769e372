package io.ringcache.node.routing;

/**
 * Where one key goes, decided once per request from one {@link PartitionTable} snapshot, and
 * handed down to everything that needs it: metering (routed or not), the silent-owner
 * decision, the in-place read and the call to the owner.
 *
 * @param slot        the key's slot, {@code 0..16383}
 * @param partition   the partition that holds the slot
 * @param owner       the partition's owner; null while it has none (before assignment)
 * @param ownerSilent the owner is another member that has gone silent (frozen or cut off)
 * @param table       the snapshot the route was computed from
 */
public record Route(int slot, int partition, MemberRef owner, boolean ownerSilent, PartitionTable table) {

    /** Whether this node owns the key now. */
    public boolean local() {
        return owner != null && owner.self();
    }
}
