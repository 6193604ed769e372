package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.ringcache.node.config.CacheSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the partitions whose every copy was on members that crashed, from the partition table as
 * it was before they left, and records them in {@link LostPartitions}.
 *
 * <p>Hazelcast's partition-lost events alone were not enough: under load they were seen to
 * arrive after the new owner had already answered misses on the lost keys, and in one of eight
 * runs of two crashes at once none arrived at any member. This check needs only the member list
 * and the table. A member learns of a departure before any request reaches the departed member's
 * successor, since the coordinator sends the new member list before the repaired table.
 *
 * <p>The table is copied every {@link #POLL_MS} ms while every member in the copy is still in
 * the cluster. From the first departure not announced as graceful, the copy is kept: until the
 * cluster is safe again (every partition owned and backed up), a partition whose copies there
 * were all on departed members is lost, whether asked on a miss ({@link #lostNow}) or found by
 * the next poll. Members that left gracefully handed their partitions off first, so they do
 * not count as departed.
 *
 * <p>The copy settles only once the member list has not changed for {@code settle} as well:
 * departures that close together count as one. A one-way cut makes the coordinator remove its
 * two members about a second apart, and in between it names a new backup for their partitions,
 * which the remaining cut-off owner never fills (it no longer hears the coordinator); a
 * cluster that looked safe in that second would otherwise make the empty new backup the copy
 * that counts, and its promotion a silent loss.
 */
public final class CrashedCopies implements AutoCloseable {

    /** How often the table is copied, and an unsettled departure re-examined. */
    static final long POLL_MS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(CrashedCopies.class);

    /**
     * Told when this member merges back into the larger cluster after a split, with what its
     * side alone held; called on Hazelcast's merge thread, before Hazelcast resets this
     * member's data ({@code mergeStarting}), and once it has joined and run its merge tasks.
     */
    public interface MergeBackListener {
        /**
         * @param heldWholeHere per cache, the partitions whose every copy was on this member's
         *                      side at the split (the ones the larger side lost)
         */
        void mergeStarting(Map<String, Set<Integer>> heldWholeHere);

        /** Hazelcast's merge tasks have run (whether or not each succeeded). */
        void merged();

        /** The member could not join the larger cluster; what it held is gone. */
        void mergeFailed();
    }

    /** The partition table as a member reads it. */
    interface Table {
        int partitionCount();

        /** The member holding replica {@code index} of {@code partition}, or null. */
        UUID replica(int partition, int index);
    }

    private final Table table;
    private final int replicaCount;
    private final Supplier<Set<UUID>> members;
    private final Predicate<UUID> isMember;
    private final Predicate<UUID> leftGracefully;
    private final BooleanSupplier clusterSafe;
    private final Map<String, Integer> copiesByCache;
    private final LostPartitions lost;
    private final LongSupplier clock;
    private final long settleMs;
    private ScheduledExecutorService poller;
    /** The member list at the last poll, and when it last changed. */
    private Set<UUID> lastSeen = Set.of();
    private long lastChangeAt;

    /** The table before the departures not yet settled; null until the first copy. */
    private volatile UUID[][] before;
    private volatile boolean closed;
    /** Merging into another cluster after a split: the members this one sees leave did not crash. */
    private volatile boolean merging;
    /**
     * Per cache, the partitions whose every copy stayed on this member's side at the last
     * departure, and when that was seen: if the departure was a split and this side merges back,
     * these are what the other side lost ({@link #reportOtherSidesLosses}).
     */
    private volatile Map<String, Set<Integer>> heldWhole = Map.of();
    private volatile long heldWholeAt;
    private final List<MergeBackListener> mergeBackListeners = new CopyOnWriteArrayList<>();

    /**
     * @param copiesByCache   per cache, how many copies it keeps (1 + backups + async backups)
     * @param members         the current members
     * @param isMember        whether a member is in the cluster now, without allocating
     * @param leftGracefully  whether a member announced it leaves on purpose
     * @param clusterSafe     whether every partition is owned and backed up (may block)
     * @param clock           milliseconds, for {@code settleMs}
     * @param settleMs        how long the member list must stay unchanged before the copy settles
     */
    CrashedCopies(Table table, int replicaCount, Supplier<Set<UUID>> members, Predicate<UUID> isMember,
                  Predicate<UUID> leftGracefully, BooleanSupplier clusterSafe, Map<String, Integer> copiesByCache,
                  LostPartitions lost, LongSupplier clock, long settleMs) {
        this.table = table;
        this.replicaCount = replicaCount;
        this.members = members;
        this.isMember = isMember;
        this.leftGracefully = leftGracefully;
        this.clusterSafe = clusterSafe;
        this.copiesByCache = Map.copyOf(copiesByCache);
        this.lost = lost;
        this.clock = clock;
        this.settleMs = settleMs;
    }

    /**
     * Follows a member's partition table for {@code caches}, started: reads the table through
     * Hazelcast's internals, and looks again whenever a member leaves.
     *
     * @param settle how long the member list must stay unchanged before departures are settled
     */
    public static CrashedCopies following(HazelcastInstance hazelcast, ClusterQuorum quorum,
                                          Collection<CacheSettings> caches, LostPartitions lost, Duration settle) {
        HazelcastInternals internals = HazelcastInternals.of(hazelcast);
        Table table = new Table() {
            @Override
            public int partitionCount() {
                return internals.partitionCount();
            }

            @Override
            public UUID replica(int partition, int index) {
                return internals.replicaOf(partition, index);
            }
        };
        Map<String, Integer> copies = new HashMap<>();
        caches.forEach(cache -> copies.put(cache.name(), 1 + cache.backups() + cache.asyncBackups()));
        CrashedCopies crashed = new CrashedCopies(table, HazelcastInternals.maxReplicas(),
                () -> hazelcast.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet()),
                member -> isMember(hazelcast, member), quorum::leftGracefully,
                // Asked only of a running member: a stopped one would log a warning every poll.
                () -> hazelcast.getLifecycleService().isRunning() && hazelcast.getPartitionService().isClusterSafe(),
                copies, lost, System::currentTimeMillis, settle.toMillis());
        hazelcast.getCluster().addMembershipListener(new MembershipAdapter() {
            @Override
            public void memberRemoved(MembershipEvent event) {
                crashed.memberLeft();
            }
        });
        // A member on its way out sees the others leave its member list, gracefully or not:
        // nothing it could report then is a loss, and it serves nothing more. A member that
        // merged into the larger cluster after a split forgets what its side saw lost.
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            switch (event.getState()) {
                case SHUTTING_DOWN -> crashed.close();
                // At MERGING, not MERGED: the member serves in the larger cluster from the moment
                // it joins, seconds before MERGED (4 s in one run), and must know its fence by then.
                case MERGING -> {
                    crashed.mergeStarted();
                    lost.forgetAfterMerge();
                    Map<String, Set<Integer>> heldWholeHere = crashed.reportOtherSidesLosses();
                    crashed.mergeBackListeners.forEach(listener -> listener.mergeStarting(heldWholeHere));
                }
                case MERGED -> {
                    crashed.mergeEnded();
                    crashed.mergeBackListeners.forEach(MergeBackListener::merged);
                }
                case MERGE_FAILED -> {
                    crashed.mergeEnded();
                    crashed.mergeBackListeners.forEach(MergeBackListener::mergeFailed);
                }
                default -> {
                }
            }
        });
        crashed.start();
        return crashed;
    }

    private static boolean isMember(HazelcastInstance hazelcast, UUID member) {
        for (Member present : hazelcast.getCluster().getMembers()) {
            if (present.getUuid().equals(member)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a listener told of this member's merges back after a split. */
    public void addMergeBackListener(MergeBackListener listener) {
        mergeBackListeners.add(listener);
    }

    /** Copies the table now, then every {@link #POLL_MS} ms on a thread of its own. */
    public synchronized void start() {
        poll();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ringcache-crashed-copies");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * This member starts merging into another cluster: it leaves its own side's cluster and
     * takes a new identity, so every member it knew, itself included, seems to leave. None of
     * that is a crash; nothing is reported until the merge ends.
     */
    void mergeStarted() {
        merging = true;
        before = null;
    }

    /** The merge is over (done or failed): the next poll copies the table afresh. */
    void mergeEnded() {
        before = null;
        merging = false;
    }

    /** A member left: look at once rather than at the next poll. */
    public void memberLeft() {
        ScheduledExecutorService current = poller;
        if (current != null && !current.isShutdown()) {
            current.execute(this::pollSafely);
        }
    }

    /**
     * Whether {@code cache}'s data in {@code partition} lost every copy in a crash not yet
     * settled; records the loss if so. Looks at the partition's few copies only: asked on every miss.
     */
    public boolean lostNow(String cache, int partition) {
        UUID[][] copy = before;
        Integer copies = copiesByCache.get(cache);
        if (closed || merging || copy == null || copies == null
                || !allCopiesGone(copy[partition], copies, isMember)) {
            return false;
        }
        lost.recordLoss(cache, partition);
        return true;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // Never let one failure stop the schedule; the node is shutting down or Hazelcast is busy.
            LOG.debug("Partition table check failed: {}", e.toString());
        }
    }

    /** One look: copy the table, or, while departures are unsettled, report losses and settle. */
    synchronized void poll() {
        if (closed || merging) {
            return;
        }
        Set<UUID> current = members.get();
        long now = clock.getAsLong();
        if (!current.equals(lastSeen)) {
            lastSeen = current;
            lastChangeAt = now;
        }
        UUID[][] copy = before;
        if (copy == null || !departedSince(copy, current)) {
            UUID[][] fresh = read();
            // A departure while reading leaves the fresh copy half-repaired: keep the old one.
            if (members.get().equals(current)) {
                before = fresh;
            }
            return;
        }
        Map<String, Set<Integer>> kept = new HashMap<>();
        for (Map.Entry<String, Integer> cache : copiesByCache.entrySet()) {
            Set<Integer> keptWhole = new HashSet<>();
            for (int partition = 0; partition < copy.length; partition++) {
                if (allCopiesGone(copy[partition], cache.getValue(), current::contains)) {
                    lost.recordLoss(cache.getKey(), partition);
                } else if (allCopiesStayed(copy[partition], cache.getValue(), current::contains)) {
                    keptWhole.add(partition);
                }
            }
            kept.put(cache.getKey(), Set.copyOf(keptWhole));
        }
        heldWhole = Map.copyOf(kept);
        heldWholeAt = now;
        if (now - lastChangeAt >= settleMs && clusterSafe.getAsBoolean() && members.get().equals(current)) {
            before = read();
        }
    }

    private boolean departedSince(UUID[][] copy, Set<UUID> current) {
        for (UUID[] replicas : copy) {
            for (UUID member : replicas) {
                if (member != null && !current.contains(member) && !leftGracefully.test(member)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean allCopiesGone(UUID[] replicas, int copies, Predicate<UUID> present) {
        boolean anyDeparted = false;
        for (int index = 0; index < Math.min(copies, replicas.length); index++) {
            UUID member = replicas[index];
            if (member == null) {
                continue;
            }
            if (present.test(member) || leftGracefully.test(member)) {
                return false;
            }
            anyDeparted = true;
        }
        return anyDeparted;
    }

    /**
     * Every copy the cache keeps of the partition was on a member still present. A partition
     * missing a copy in the table does not count: a coordinator that removes members may repair
     * its table before its member list shows the removal, and a copy read then (a thawed
     * coordinator's, in one CI run) names it alone for its partitions, which no split put there.
     */
    private static boolean allCopiesStayed(UUID[] replicas, int copies, Predicate<UUID> present) {
        if (replicas.length < copies) {
            return false;
        }
        for (int index = 0; index < copies; index++) {
            UUID member = replicas[index];
            if (member == null || !present.test(member)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As this member merges back into the larger cluster: the partitions whose every copy was
     * on its side at the split are the ones the larger side lost, and fenced (in caches with a
     * {@code lost-partition-fence}) until this side's merge brought their entries back. This
     * member must refuse them as well, as the node a request comes through and as their owner
     * after the merge's migrations; otherwise it would serve them empty in between. Recorded as
     * seen when the split was, so the fence ends about when the larger side's does.
     *
     * @return per cache, those partitions
     */
    Map<String, Set<Integer>> reportOtherSidesLosses() {
        Map<String, Set<Integer>> kept = heldWhole;
        long seenAt = heldWholeAt;
        heldWhole = Map.of();
        kept.forEach((cache, partitions) -> partitions.forEach(partition ->
                lost.recordLossSeenAt(cache, partition, seenAt)));
        int count = kept.values().stream().mapToInt(Set::size).sum();
        if (count > 0) {
            LOG.info("Merging back after a split: {} cache partitions whose every copy was on this side are "
                    + "treated as lost to the larger side (fenced where the cache has a lost-partition-fence)",
                    count);
        }
        return kept;
    }

    private UUID[][] read() {
        UUID[][] copy = new UUID[table.partitionCount()][replicaCount];
        for (int partition = 0; partition < copy.length; partition++) {
            for (int index = 0; index < replicaCount; index++) {
                copy[partition][index] = table.replica(partition, index);
            }
        }
        return copy;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
