package io.ringcache.node.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.config.QuorumSpec;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
 * <p>It wires three parts together: {@link MemberHearing} says which members are heard (within
 * half the member timeout, the same silence after which {@link SilentOwners} stops asking
 * them), {@link QuorumRule} says whether that is enough, and {@link Departures} says who left on
 * purpose. Each evaluation is published as one immutable {@link QuorumState}; requests read it
 * without a lock.
 */
public final class ClusterQuorum implements InitialMembershipListener {

    private static final long REEVALUATE_MS = 100;

    private final QuorumRule rule;
    private final Departures departures = new Departures();
    private final MemberHearing hearing;
    private final LongSupplier clock;
    // Serialises evaluate-and-publish, so an older evaluation never overwrites a newer one.
    private final ReentrantLock evaluation = new ReentrantLock();
    private final AtomicLong lastEvaluatedAt = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile QuorumState state = QuorumState.INITIAL;
    private volatile boolean following;

    /**
     * @param heartbeatTolerance a member whose last heartbeat is older than this is not seen
     *                           (half the member timeout: Hazelcast heartbeats every second)
     */
    public ClusterQuorum(QuorumSpec spec, Duration heartbeatTolerance) {
        this(spec, heartbeatTolerance, System::currentTimeMillis);
    }

    ClusterQuorum(QuorumSpec spec, Duration heartbeatTolerance, LongSupplier clock) {
        this.rule = new QuorumRule(spec);
        this.hearing = new MemberHearing(heartbeatTolerance, clock, departures::leftGracefully);
        this.clock = clock;
    }

    /**
     * Adds to a member configuration, before the member starts, what feeds the failure detector
     * every heartbeat the member receives.
     */
    public void configure(Config config) {
        hearing.configure(config);
    }

    /** Whether this node protects itself at all. */
    public boolean enabled() {
        return rule.enabled();
    }

    /** Which members this node hears from: the lock-free silence check for the request path. */
    public MemberHearing hearing() {
        return hearing;
    }

    Departures departures() {
        return departures;
    }

    /** Starts following the member's membership; graceful leaves are announced through it. */
    void attach(HazelcastInstance hazelcast) {
        departures.attach(hazelcast);
        Cluster cluster = hazelcast.getCluster();
        follow(cluster.getLocalMember().getUuid(), new MemberConnections(hazelcast)::lastReadMillis,
                new MemberView(cluster));
        cluster.addMembershipListener(this);
    }

    /**
     * From now on heartbeat ages are re-read as requests ask (before, this node has no members
     * to hear and the quorum stays as it was).
     */
    void follow(UUID self, ToLongFunction<UUID> lastRead, Supplier<Collection<UUID>> view) {
        hearing.attach(self, lastRead, view);
        following = true;
    }

    /**
     * Tells every member that this one is leaving on purpose, so they stop expecting it; see
     * {@link Departures#announceGracefulLeave}.
     */
    void announceGracefulLeave(HazelcastInstance hazelcast) {
        departures.announceGracefulLeave(hazelcast);
    }

    @Override
    public void init(InitialMembershipEvent event) {
        event.getMembers().forEach(member -> hearing.joined(member.getUuid()));
        memberJoined(event.getMembers().size());
        reevaluate();
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        hearing.joined(event.getMember().getUuid());
        memberJoined(event.getMembers().size());
        reevaluate();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        UUID uuid = event.getMember().getUuid();
        hearing.removed(uuid);
        memberLeft(uuid, event.getMembers().size());
        reevaluate();
    }

    void memberJoined(int members) {
        rule.memberJoined(members);
    }

    /** Whether {@code member} announced that it leaves on purpose (its partitions handed off). */
    boolean leftGracefully(UUID member) {
        return departures.leftGracefully(member);
    }

    /** A graceful leave shrinks the expected size; a crash (or a cut) does not. */
    void memberLeft(UUID member, int remaining) {
        rule.memberLeft(departures.leftGracefully(member), remaining);
    }

    /** Evaluates and publishes the quorum now, from recent heartbeats and announced leaves. */
    boolean reevaluate() {
        evaluation.lock();
        try {
            return publishLocked(hearing.seenNow(), hearing.departingInView());
        } finally {
            evaluation.unlock();
        }
    }

    /** For tests: evaluates and publishes the quorum for {@code seenNow} members seen, none departing. */
    boolean evaluate(int seenNow) {
        evaluation.lock();
        try {
            return publishLocked(seenNow, 0);
        } finally {
            evaluation.unlock();
        }
    }

    private boolean publishLocked(int seenNow, int departing) {
        QuorumState next = rule.evaluate(seenNow, departing);
        state = next;
        return next.present();
    }

    /**
     * The last published evaluation. Every request asks, so without a lock: the heartbeat ages
     * are re-read at most every {@value #REEVALUATE_MS} ms, by the one caller that wins the
     * turn; the others read the published state.
     */
    public QuorumState state() {
        if (following && rule.enabled()) {
            long now = clock.getAsLong();
            long last = lastEvaluatedAt.get();
            // tryLock: while a membership event evaluates, its answer is as fresh as ours.
            if (now - last >= REEVALUATE_MS && lastEvaluatedAt.compareAndSet(last, now) && evaluation.tryLock()) {
                try {
                    publishLocked(hearing.seenNow(), hearing.departingInView());
                } finally {
                    evaluation.unlock();
                }
            }
        }
        return state;
    }

    /** Whether this node currently sees enough members to serve. */
    public boolean isPresent() {
        return state().present();
    }

    /**
     * The owner's lease: {@link #isPresent}, and Hazelcast's member view, as it stands this
     * instant, a quorum too. The second part closes a window the first leaves open: after a split
     * the cut-off members agree on a view of their own, with one of them as its coordinator,
     * before their membership events are delivered (a second or more on a loaded host), and
     * that coordinator's partition table hands them partitions the larger side also serves.
     * Cheap enough for every write: the view's size, unless it is below a majority.
     */
    public boolean ownerLeaseHeld() {
        return isPresent() && viewHoldsQuorum();
    }

    /**
     * Whether Hazelcast's member view, as it stands this instant, holds a quorum. A view that is a
     * majority of the expected members holds it outright (no other view can be one too); only
     * below that are announced graceful leaves looked up, as the published state counts them.
     */
    boolean viewHoldsQuorum() {
        return !following || !rule.enabled() || rule.allows(hearing.inViewNow(), 0)
                || rule.allows(hearing.inViewNotLeavingNow(), hearing.departingInView());
    }

    /** Why the node refuses, for readiness; empty while it has quorum. */
    public String problem() {
        return state().problem();
    }
}
