package io.ringcache.node.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * Whether this member has heard the cluster's coordinator (the oldest member, which decides
 * membership and the partition table) within the silence that makes a member silent: the
 * condition under which an owner of a {@code linearizable-reads} cache may trust its partition
 * table. Lock-free: the member list is Hazelcast's current immutable one, the heartbeat age
 * {@link MemberHearing}'s.
 */
public final class CoordinatorHearing implements BooleanSupplier {

    private final Cluster cluster;
    private final MemberHearing hearing;
    private final long silenceMs;

    public CoordinatorHearing(HazelcastInstance hazelcast, MemberHearing hearing, Duration silence) {
        this.cluster = hazelcast.getCluster();
        this.hearing = hearing;
        this.silenceMs = silence.toMillis();
    }

    @Override
    public boolean getAsBoolean() {
        Iterator<Member> members = cluster.getMembers().iterator();
        if (!members.hasNext()) {
            return false;
        }
        Member coordinator = members.next();
        return coordinator.localMember() || !hearing.isSilent(coordinator.getUuid(), silenceMs);
    }
}
