package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.routing.MemberRef;
import io.ringcache.node.routing.PartitionTable;
import io.ringcache.node.routing.SlotLayout;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The current {@link PartitionTable} snapshot, read from Hazelcast's partition table. A request
 * asks for it once; it is rebuilt (off no lock: a race only builds it twice) when Hazelcast's
 * partition-table stamp has moved since the last one, so it is never older than the table the
 * member itself routes by.
 */
public final class PartitionTables implements Supplier<PartitionTable> {

    private final HazelcastInstance hazelcast;
    private final HazelcastInternals internals;
    private final SlotLayout layout;
    private final UUID self;
    private volatile PartitionTable current;

    public PartitionTables(HazelcastInstance hazelcast, SlotLayout layout) {
        this.hazelcast = hazelcast;
        this.internals = HazelcastInternals.of(hazelcast);
        this.layout = layout;
        this.self = hazelcast.getCluster().getLocalMember().getUuid();
    }

    @Override
    public PartitionTable get() {
        PartitionTable table = current;
        long stamp = internals.partitionStateStamp();
        if (table == null || table.stamp() != stamp) {
            try {
                table = build(stamp);
            } catch (HazelcastInstanceNotActiveException stopped) {
                // Routing runs before the store, so this is the first place a stopped member shows:
                // in the taxonomy it is a retry elsewhere, not an internal error.
                throw new CacheException(CacheError.UNAVAILABLE, "the node is shutting down", stopped);
            }
            current = table;
        }
        return table;
    }

    private PartitionTable build(long stamp) {
        Map<UUID, MemberRef> members = new HashMap<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            members.put(member.getUuid(), new MemberRef(member.getUuid(), member.getAddress().toString(),
                    member.getUuid().equals(self)));
        }
        int replicaCount = HazelcastInternals.maxReplicas();
        MemberRef[][] replicas = new MemberRef[layout.partitionCount()][];
        for (int partition = 0; partition < replicas.length; partition++) {
            MemberRef[] row = new MemberRef[replicaCount];
            for (int index = 0; index < replicaCount; index++) {
                UUID id = internals.replicaOf(partition, index);
                row[index] = id == null ? null
                        : members.computeIfAbsent(id, unknown -> new MemberRef(unknown, unknown.toString(), unknown.equals(self)));
            }
            replicas[partition] = row;
        }
        return new PartitionTable(layout, replicas, stamp);
    }
}
