package io.ringcache.node.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The UUIDs of Hazelcast's current member view, read by every owner write: Hazelcast hands out
 * one immutable member set per view, so the UUIDs are listed again only when that set changes.
 * Lock-free; a race only lists the same view twice.
 */
final class MemberView implements Supplier<Collection<UUID>> {

    private record Listed(Set<Member> members, List<UUID> uuids) {
    }

    private final Cluster cluster;
    private volatile Listed last = new Listed(Set.of(), List.of());

    MemberView(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Collection<UUID> get() {
        Set<Member> members = cluster.getMembers();
        Listed listed = last;
        if (listed.members() != members) {
            List<UUID> uuids = new ArrayList<>(members.size());
            for (Member member : members) {
                uuids.add(member.getUuid());
            }
            listed = new Listed(members, List.copyOf(uuids));
            last = listed;
        }
        return listed.uuids();
    }
}
