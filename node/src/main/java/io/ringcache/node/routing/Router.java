package io.ringcache.node.routing;

import java.util.function.Supplier;

/**
 * Turns a key into its {@link Route}: the key's slot computed once, then everything else read
 * from the current partition-table snapshot. The one place a request's key is hashed.
 */
public final class Router {

    private final Supplier<PartitionTable> tables;
    private final SilentMembers silent;

    /**
     * @param tables the current snapshot; cheap to call (it answers a published reference)
     * @param silent which members have gone silent
     */
    public Router(Supplier<PartitionTable> tables, SilentMembers silent) {
        this.tables = tables;
        this.silent = silent;
    }

    /** A router for a node alone: every partition its own, nobody silent. */
    public static Router singleNode(SlotLayout layout) {
        MemberRef self = new MemberRef(new java.util.UUID(0, 0), "local", true);
        MemberRef[][] replicas = new MemberRef[layout.partitionCount()][];
        for (int partition = 0; partition < replicas.length; partition++) {
            replicas[partition] = new MemberRef[] {self};
        }
        PartitionTable table = new PartitionTable(layout, replicas, 0);
        return new Router(() -> table, SilentMembers.NONE);
    }

    /** The route of a non-empty key. */
    public Route route(byte[] key) {
        return routeSlot(Slots.slot(key));
    }

    /** The route of a slot. */
    public Route routeSlot(int slot) {
        PartitionTable table = tables.get();
        int partition = table.partitionOf(slot);
        MemberRef owner = table.owner(partition);
        boolean ownerSilent = owner != null && !owner.self() && silent.isSilent(owner.id());
        return new Route(slot, partition, owner, ownerSilent, table);
    }

    /** Whether {@code member} (not this node) has gone silent. */
    public boolean isSilent(MemberRef member) {
        return !member.self() && silent.isSilent(member.id());
    }

    /** The current snapshot. */
    public PartitionTable table() {
        return tables.get();
    }
}
