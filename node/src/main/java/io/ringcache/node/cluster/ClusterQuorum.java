package io.ringcache.node.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import io.ringcache.node.config.QuorumSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Split-brain protection: whether this node sees enough members to serve. It follows every
 * membership change; while it lacks quorum the node is not ready and refuses every cache
 * operation with UNAVAILABLE, so the smaller side of a network partition stops answering
 * instead of diverging. (After a split each side's partition table names only its own members,
 * so refusing at the node that takes the request is refusing at every owner on that side.
 * Hazelcast's own split-brain protection is not used: it stays unsatisfied on a member that
 * never saw a membership change, such as a node running alone.)
 *
 * <p>In the automatic mode the quorum is a strict majority of the <em>expected</em> cluster
 * size: the most members seen, less the ones that left gracefully. A crashed or cut-off
 * member stays expected, because from one side a crash and a partition look the same; a
 * member that leaves on purpose announces it first (see {@link #announceGracefulLeave}), so
 * scaling down shrinks the expectation and the remaining nodes keep serving. Clusters
 * expected to have fewer than {@value QuorumSpec#AUTO_FROM_MEMBERS} members are not
 * protected: two nodes cannot tell a split from a crash, and refusing on both would turn
 * every single failure into an outage.
 *
 * <p>A member counts as seen only while its heartbeats arrive (within half the member timeout,
 * the same silence after which {@link SilentOwners} stops asking it), not merely while it is in
 * the membership view: after a network split Hazelcast may take
 * several more seconds to agree on the new views (a mastership claim waits for members it
 * cannot reach), and the smaller side must stop serving before that.
 */
public final class ClusterQuorum implements InitialMembershipListener {

    private static final String DEPARTURES = "ringcache.departures";
    private static final String HEARTBEATS = "ringcache-heartbeats";
    private static final long REEVALUATE_MS = 100;
    private static final long DEPARTURE_MEMORY_MINUTES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterQuorum.class);

    private final QuorumSpec spec;
    private final long heartbeatToleranceMs;
    private final LongSupplier clock;
    private final Map<UUID, Long> lastHeard = new ConcurrentHashMap<>();
    private final Set<UUID> others = ConcurrentHashMap.newKeySet();
    private volatile ReplicatedMap<String, Long> departures;
    private volatile Predicate<UUID> leftGracefully = uuid -> false;
    private volatile ToLongFunction<UUID> lastRead = uuid -> Long.MIN_VALUE;
    private volatile UUID self;
    private int expected;
    private int expectedNow;
    private int seen;
    private boolean present = true;
    private long lastEvaluatedAt = Long.MIN_VALUE / 2;

    /**
     * @param heartbeatTolerance a member whose last heartbeat is older than this is not seen
     *                           (half the member timeout: Hazelcast heartbeats every second)
     */
    public ClusterQuorum(QuorumSpec spec, Duration heartbeatTolerance) {
        this(spec, heartbeatTolerance, System::currentTimeMillis);
    }

    ClusterQuorum(QuorumSpec spec, Duration heartbeatTolerance, LongSupplier clock) {
        this.spec = spec;
        this.heartbeatToleranceMs = heartbeatTolerance.toMillis();
        this.clock = clock;
    }

    /**
     * Adds to a member configuration, before the member starts, what feeds this quorum every
     * heartbeat the member receives: a split-brain protection that no cache refers to, so it
     * never refuses an operation itself.
     */
    public void configure(Config config) {
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(HEARTBEATS, true, 2)
                .setFunctionImplementation(new HeartbeatFeed()));
    }

    /** Whether this node protects itself at all. */
    public boolean enabled() {
        return spec.mode() != QuorumSpec.Mode.OFF;
    }

    /** Starts following the member's membership; graceful leaves are announced through it. */
    void attach(HazelcastInstance hazelcast) {
        ReplicatedMap<String, Long> map = hazelcast.getReplicatedMap(DEPARTURES);
        departures = map;
        leftGracefully = uuid -> map.containsKey(uuid.toString());
        self = hazelcast.getCluster().getLocalMember().getUuid();
        lastRead = new MemberConnections(hazelcast)::lastReadMillis;
        hazelcast.getCluster().addMembershipListener(this);
    }

    /**
     * Tells every member that this one is leaving on purpose, so they stop expecting it. The
     * announcement reaches them long before the member leaves: the hand-off of its partitions
     * comes in between.
     */
    void announceGracefulLeave(HazelcastInstance hazelcast) {
        ReplicatedMap<String, Long> current = departures;
        if (current != null) {
            current.put(hazelcast.getCluster().getLocalMember().getUuid().toString(), System.currentTimeMillis(),
                    DEPARTURE_MEMORY_MINUTES, TimeUnit.MINUTES);
        }
    }

    /** Evaluates the quorum for {@code seenNow} members seen (itself included); true while it has quorum. */
    boolean evaluate(int seenNow) {
        return evaluate(seenNow, 0);
    }

    /**
     * As {@link #evaluate(int)}, with {@code departing} members still in the view that have
     * announced a graceful leave: they are expected no more (they stop heartbeating while they
     * hand their partitions off, and must not cost the others their quorum).
     */
    private synchronized boolean evaluate(int seenNow, int departing) {
        seen = seenNow;
        expectedNow = Math.max(seenNow, expected - departing);
        boolean nowPresent = switch (spec.mode()) {
            case OFF -> true;
            case FIXED -> seen >= spec.fixedMinimum();
            case AUTO -> expectedNow < QuorumSpec.AUTO_FROM_MEMBERS || seen * 2 > expectedNow;
        };
        if (nowPresent != present) {
            if (nowPresent) {
                LOG.info("Quorum regained: {} members seen, {} expected", seen, expectedNow);
            } else {
                LOG.warn("Quorum lost: {} members seen, {} expected; refusing cache operations until it returns",
                        seen, expectedNow);
            }
        }
        present = nowPresent;
        return nowPresent;
    }

    @Override
    public void init(InitialMembershipEvent event) {
        event.getMembers().forEach(this::heardFrom);
        memberJoined(event.getMembers().size());
        reevaluate();
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        heardFrom(event.getMember());
        memberJoined(event.getMembers().size());
        reevaluate();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        UUID uuid = event.getMember().getUuid();
        others.remove(uuid);
        lastHeard.remove(uuid);
        memberLeft(uuid, event.getMembers().size());
        reevaluate();
    }

    /** Evaluates the quorum now, from recent heartbeats and announced leaves. */
    boolean reevaluate() {
        return evaluate(seenNow(), departingInView());
    }

    /** A member counts from the moment it joins, as if it had just sent a heartbeat. */
    private void heardFrom(Member member) {
        if (!member.getUuid().equals(self)) {
            track(member.getUuid());
        }
    }

    void track(UUID member) {
        others.add(member);
        heartbeat(member);
    }

    void heartbeat(UUID member) {
        lastHeard.put(member, clock.getAsLong());
    }

    /** This node, and every other member in its view, not leaving, whose heartbeat is recent. */
    int seenNow() {
        long oldest = clock.getAsLong() - heartbeatToleranceMs;
        int count = 1;
        for (UUID member : others) {
            Long heartbeat = lastHeard.get(member);
            if (heartbeat != null && (heartbeat >= oldest || heardAt(member) >= oldest)
                    && !leftGracefully.test(member)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Whether {@code member}, another member in this node's view that is not leaving on
     * purpose, has sent no heartbeat for longer than {@code silenceMs}: it is frozen, cut off or
     * crashed, and Hazelcast has not yet removed it. Unknown members are not silent.
     */
    public boolean isSilent(UUID member, long silenceMs) {
        Long heartbeat = lastHeard.get(member);
        long now = clock.getAsLong();
        // The connection is only asked when the heartbeat is stale: this runs on every request.
        return heartbeat != null && now - heartbeat > silenceMs && now - heardAt(member) > silenceMs
                && !leftGracefully.test(member);
    }

    /**
     * When this node last heard from {@code member}: its last heartbeat, or anything at all
     * read from its connection. Hazelcast drops a heartbeat it cannot handle at once (its
     * cluster lock is busy while a frozen member is suspected), so heartbeats alone can go
     * quiet between two live members; the bytes still arrive on the connection.
     */
    private long heardAt(UUID member) {
        Long heard = lastHeard.get(member);
        return Math.max(heard == null ? Long.MIN_VALUE : heard, lastRead.applyAsLong(member));
    }

    /** Members still in the view that have announced a graceful leave. */
    int departingInView() {
        int count = 0;
        for (UUID member : others) {
            if (leftGracefully.test(member)) {
                count++;
            }
        }
        return count;
    }

    synchronized void memberJoined(int members) {
        expected = Math.max(expected, members);
    }

    /** A graceful leave shrinks the expected size; a crash (or a cut) does not. */
    synchronized void memberLeft(UUID member, int remaining) {
        if (leftGracefully.test(member)) {
            expected = Math.max(remaining, expected - 1);
        }
    }

    /** Feeds heartbeats to the quorum; Hazelcast calls it for every heartbeat it receives. */
    private final class HeartbeatFeed implements SplitBrainProtectionFunction, HeartbeatAware {
        @Override
        public boolean apply(Collection<Member> members) {
            return true;
        }

        @Override
        public void onHeartbeat(Member member, long timestamp) {
            heartbeat(member.getUuid());
        }
    }

    /** For tests: which members count as having left gracefully. */
    void leftGracefullyIf(Predicate<UUID> test) {
        leftGracefully = test;
    }

    /** Whether this node currently sees enough members to serve. */
    public synchronized boolean isPresent() {
        return problem().isEmpty();
    }

    /**
     * Why the node refuses, for readiness; empty while it has quorum. Every request asks, so the
     * heartbeat ages are re-read at most every {@value #REEVALUATE_MS} ms, not per call.
     */
    public synchronized String problem() {
        long now = clock.getAsLong();
        if (self != null && spec.mode() != QuorumSpec.Mode.OFF && now - lastEvaluatedAt >= REEVALUATE_MS) {
            lastEvaluatedAt = now;
            reevaluate();
        }
        if (present) {
            return "";
        }
        return spec.mode() == QuorumSpec.Mode.FIXED
                ? "no quorum: sees " + seen + " member(s), needs " + spec.fixedMinimum()
                : "no quorum: sees " + seen + " of " + expectedNow + " expected members, needs " + (expectedNow / 2 + 1);
    }
}
