package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The failure detector: which other members this node still hears from. A member counts as
 * heard only while its heartbeats arrive, not merely while it is in the membership view: after
 * a network split Hazelcast may take several more seconds to agree on the new views (a
 * mastership claim waits for members it cannot reach), and the smaller side must stop serving
 * before that. Members that announced a graceful leave are neither seen nor silent: they stop
 * heartbeating while they hand their partitions off.
 *
 * <p>Lock-free: the answers are read from concurrent maps, so they are cheap enough for every
 * request.
 */
public final class MemberHearing {

    private static final String HEARTBEATS = "ringcache-heartbeats";

    private final long heartbeatToleranceMs;
    private final LongSupplier clock;
    private final Predicate<UUID> departing;
    private final Map<UUID, Long> lastHeard = new ConcurrentHashMap<>();
    private final Set<UUID> others = ConcurrentHashMap.newKeySet();
    private volatile ToLongFunction<UUID> lastRead = uuid -> Long.MIN_VALUE;
    private volatile Supplier<Collection<UUID>> view = () -> null;
    private volatile UUID self;

    /**
     * @param heartbeatTolerance a member whose last heartbeat is older than this is not seen
     *                           (half the member timeout: Hazelcast heartbeats every second)
     * @param clock              epoch millis
     * @param departing          whether a member announced a graceful leave
     */
    MemberHearing(Duration heartbeatTolerance, LongSupplier clock, Predicate<UUID> departing) {
        this.heartbeatToleranceMs = heartbeatTolerance.toMillis();
        this.clock = clock;
        this.departing = departing;
    }

    /**
     * Adds to a member configuration, before the member starts, what feeds this detector every
     * heartbeat the member receives: a split-brain protection that no cache refers to, so it
     * never refuses an operation itself.
     */
    void configure(Config config) {
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(HEARTBEATS, true, 2)
                .setFunctionImplementation(new HeartbeatFeed()));
    }

    /**
     * Starts hearing for the member {@code self}.
     *
     * @param lastRead when anything was last read from a member's connection (epoch millis,
     *                 Long.MIN_VALUE without one): see {@link MemberConnections}
     * @param view     the members of Hazelcast's current view, which changes before the membership
     *                 events that {@link #joined} and {@link #removed} follow are delivered
     */
    void attach(UUID self, ToLongFunction<UUID> lastRead, Supplier<Collection<UUID>> view) {
        this.self = self;
        this.lastRead = lastRead;
        this.view = view;
    }

    /** A member counts from the moment it joins, as if it had just sent a heartbeat. */
    void joined(UUID member) {
        if (!member.equals(self)) {
            track(member);
        }
    }

    /** The member left the view. */
    void removed(UUID member) {
        others.remove(member);
        lastHeard.remove(member);
    }

    void track(UUID member) {
        others.add(member);
        heartbeat(member);
    }

    void heartbeat(UUID member) {
        lastHeard.put(member, clock.getAsLong());
    }

    /**
     * This node, and every other member in its view, not leaving, whose heartbeat is recent. A
     * member Hazelcast's view has already dropped is not counted, though its removal event has not
     * arrived: after a split the cut-off members install a view of their own (one of them claims
     * the coordinator's role) while the others' heartbeats still look recent.
     */
    int seenNow() {
        long oldest = clock.getAsLong() - heartbeatToleranceMs;
        Collection<UUID> current = view.get();
        int count = 1;
        for (UUID member : others) {
            Long heartbeat = lastHeard.get(member);
            if (heartbeat != null && (heartbeat >= oldest || heardAt(member) >= oldest)
                    && !departing.test(member) && (current == null || current.contains(member))) {
                count++;
            }
        }
        return count;
    }

    /**
     * The members of Hazelcast's view as it stands this instant, this node included, heard or
     * not: what an owner counts before it applies anything, since the view changes before its
     * membership events arrive. Without a view attached, the members the events brought.
     */
    int inViewNow() {
        Collection<UUID> current = view.get();
        return current == null ? others.size() + 1 : current.size();
    }

    /** {@link #inViewNow}, less the members leaving on purpose (this node always counts). */
    int inViewNotLeavingNow() {
        Collection<UUID> current = view.get();
        int count = 1;
        for (UUID member : current == null ? others : current) {
            if (!member.equals(self) && !departing.test(member)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Members still in the view that have announced a graceful leave (the view membership events
     * follow: one that already left Hazelcast's view counts until its removal event, while the
     * expected size still includes it).
     */
    int departingInView() {
        int count = 0;
        for (UUID member : others) {
            if (departing.test(member)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Whether {@code member}, another member in this node's view that is not leaving on
     * purpose, has sent no heartbeat for longer than {@code silenceMs}: it is frozen, cut off or
     * crashed, and Hazelcast has not yet removed it. Unknown members are not silent. Lock-free.
     */
    public boolean isSilent(UUID member, long silenceMs) {
        Long heartbeat = lastHeard.get(member);
        long now = clock.getAsLong();
        // The connection is only asked when the heartbeat is stale: this runs on every request.
        return heartbeat != null && now - heartbeat > silenceMs && now - heardAt(member) > silenceMs
                && !departing.test(member);
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

    /** Feeds heartbeats to the detector; Hazelcast calls it for every heartbeat it receives. */
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
}
