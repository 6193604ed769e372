package io.ringcache.node.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Whether every member declares the same caches with the same settings, checked whenever a
 * member joins or leaves. A node that lacks a cache answers NOT_FOUND for it while the others
 * serve it, so a difference is logged once, at WARN, naming the caches and members, and shown by
 * {@code /health/ready} and {@code /v1/cluster}; readiness is left alone (see README: a rolling
 * update that adds a cache passes through exactly this state).
 */
public final class CacheAgreement implements InitialMembershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(CacheAgreement.class);

    private final AtomicReference<List<CacheDeclarations.Mismatch>> mismatches = new AtomicReference<>(List.of());

    /** Starts comparing the members' declarations, now and at every membership change. */
    public void follow(HazelcastInstance hazelcast) {
        hazelcast.getCluster().addMembershipListener(this);
    }

    /** The caches the members do not all declare alike; empty when they agree. */
    public List<CacheDeclarations.Mismatch> mismatches() {
        return mismatches.get();
    }

    @Override
    public void init(InitialMembershipEvent event) {
        check(event.getMembers());
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        check(event.getMembers());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        check(event.getMembers());
    }

    private synchronized void check(Collection<Member> members) {
        Map<String, Map<String, String>> byMember = new LinkedHashMap<>();
        for (Member member : members) {
            String declared = member.getAttribute(CacheDeclarations.ATTRIBUTE);
            // Absent on a member of an older version, during a rolling upgrade: nothing to compare.
            if (declared != null) {
                byMember.put(member.getAddress().getHost() + ":" + member.getAddress().getPort(),
                        CacheDeclarations.decode(declared));
            }
        }
        List<CacheDeclarations.Mismatch> fresh = CacheDeclarations.compare(byMember);
        List<CacheDeclarations.Mismatch> previous = mismatches.getAndSet(fresh);
        if (fresh.equals(previous)) {
            return;
        }
        if (fresh.isEmpty()) {
            LOG.info("Cache declarations agree again across {} member(s)", byMember.size());
        } else {
            LOG.warn("Cache declarations differ between members (every node must declare the same caches; "
                    + "a node answers NOT_FOUND for a cache it lacks): {}",
                    fresh.stream().map(CacheDeclarations.Mismatch::describe).collect(Collectors.joining("; ")));
        }
    }
}
