package io.ringcache.node.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each membership change once, at INFO. */
final class MembershipLogger implements MembershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipLogger.class);

    @Override
    public void memberAdded(MembershipEvent event) {
        LOG.info("Member joined: {}; members now: {}", event.getMember().getAddress(), event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        LOG.info("Member left: {}; members now: {}", event.getMember().getAddress(), event.getMembers().size());
    }
}
