package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * Logs each membership change once: a join or a graceful leave at INFO, a member that left
 * without announcing it (crashed, killed or cut off) at WARN. Hazelcast's own lines about a
 * departure are dropped ({@link HazelcastLogNoise}): this is the one that says which it was.
 */
final class MembershipLogger implements MembershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipLogger.class);

    private final Predicate<UUID> leftGracefully;

    /** @param leftGracefully whether a member announced that it leaves on purpose */
    MembershipLogger(Predicate<UUID> leftGracefully) {
        this.leftGracefully = leftGracefully;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        if (!joinedAfterThisMember(event)) {
            return; // this member's own join, or members it found there: ClusterMember logs the join
        }
        LOG.info("Member joined: {}; members now: {}", event.getMember().getAddress(), event.getMembers().size());
    }

    /**
     * Registered before the member starts, the listener also hears this member join and the
     * members it finds; the member list is in join order, so only those after this one arrived.
     */
    private static boolean joinedAfterThisMember(MembershipEvent event) {
        boolean thisMemberSeen = false;
        for (Member member : event.getMembers()) {
            if (member.equals(event.getMember())) {
                return thisMemberSeen;
            }
            thisMemberSeen |= member.localMember();
        }
        return true;
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        if (leftGracefully.test(event.getMember().getUuid())) {
            LOG.info("Member left: {} (shut down gracefully, its partitions handed off); members now: {}",
                    event.getMember().getAddress(), event.getMembers().size());
        } else {
            LOG.warn("Member left: {} without a graceful shutdown (crashed, killed or unreachable); its partitions"
                    + " are served from backups; members now: {}", event.getMember().getAddress(),
                    event.getMembers().size());
        }
    }
}
