package io.ringcache.node.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CrashedCopiesTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final Set<UUID> members = new HashSet<>(Set.of(a, b, c));
    private final Set<UUID> graceful = new HashSet<>();
    private final AtomicBoolean safe = new AtomicBoolean(true);
    private static final long SETTLE_MS = 4_000;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LostPartitions lost = new LostPartitions(Duration.ofMinutes(15), Duration.ZERO, now::get);

    /** Partition 0: a owns, b backs up; partition 1: b owns, c backs up; partition 2: c owns, a backs up. */
    private UUID[][] table = {{a, b, c}, {b, c, a}, {c, a, b}};

    private final CrashedCopies crashed = new CrashedCopies(new CrashedCopies.Table() {
        @Override
        public int partitionCount() {
            return table.length;
        }

        @Override
        public UUID replica(int partition, int index) {
            return table[partition][index];
        }
    }, 3, () -> Set.copyOf(members), members::contains, graceful::contains, safe::get,
            Map.of("default", 2, "triple", 3), lost, now::get, SETTLE_MS);

    @Test
    void aCrashOfOwnerAndBackup_losesThePartition_evenAfterTheTableWasRepaired() {
        crashed.poll();
        members.removeAll(Set.of(a, b));
        // Hazelcast repaired the table before anyone asked: c owns everything, with no data for partition 0.
        table = new UUID[][] {{c, null, null}, {c, null, null}, {c, null, null}};
        safe.set(false);

        assertThat(crashed.lostNow("default", 0)).isTrue();
        assertThat(crashed.lostNow("default", 1)).as("c held partition 1's backup").isFalse();
        assertThat(crashed.lostNow("default", 2)).as("c owned partition 2").isFalse();
        assertThat(crashed.lostNow("triple", 0)).as("a third copy on c").isFalse();
        assertThat(lost.recentlyLost("default", 0)).isTrue();
    }

    @Test
    void thePollFindsTheLoss_withoutAMiss_andSettlesOnceTheClusterIsSafe() {
        crashed.poll();
        members.removeAll(Set.of(a, b));
        table = new UUID[][] {{c, null, null}, {c, null, null}, {c, null, null}};
        safe.set(false);

        crashed.poll();
        assertThat(lost.recentCount()).isEqualTo(1);
        assertThat(lost.total()).isEqualTo(1);

        safe.set(true);
        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).as("safe, but the departure is too recent to settle").isTrue();

        now.addAndGet(SETTLE_MS);
        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).as("settled: the repaired table is the reference now").isFalse();
        assertThat(lost.total()).isEqualTo(1);
    }

    @Test
    void aSecondDepartureSoonAfterTheFirst_losesThePartitionBoth_heldEvenIfTheClusterLookedSafeBetween() {
        crashed.poll();
        // A one-way cut: a leaves first; for a second the table names b the owner and c a new
        // backup that b, cut off from the coordinator, never fills; the cluster looks safe.
        members.remove(a);
        table = new UUID[][] {{b, c, null}, {b, c, null}, {c, b, null}};
        crashed.poll();
        assertThat(lost.total()).isZero();

        now.addAndGet(1_000);
        members.remove(b);
        table = new UUID[][] {{c, null, null}, {c, null, null}, {c, null, null}};
        crashed.poll();

        assertThat(crashed.lostNow("default", 0)).as("a and b held partition 0 before the departures").isTrue();
        assertThat(crashed.lostNow("default", 1)).as("c held partition 1's backup all along").isFalse();
    }

    @Test
    void aMemberMergingIntoAnotherCluster_reportsNothing_andLooksAfreshOnceMerged() {
        crashed.poll();
        // The smaller side's member c merges: its old cluster's members, itself included, vanish.
        crashed.mergeStarted();
        members.removeAll(Set.of(a, b));
        table = new UUID[][] {{c, null, null}, {c, null, null}, {c, null, null}};
        safe.set(false);

        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).isFalse();
        assertThat(lost.total()).isZero();

        // Merged: the cluster it joined has other members, and its table is the reference now.
        UUID d = UUID.randomUUID();
        members.add(d);
        table = new UUID[][] {{d, c, null}, {c, d, null}, {d, c, null}};
        crashed.mergeEnded();
        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).isFalse();
        assertThat(lost.total()).isZero();
    }

    @Test
    void aSideThatMergesBack_takesThePartitionsItHeldWholeForLostToTheOtherSide() {
        // Partition 0's two copies on b and c; partitions 1 and 2 each have one on a.
        table = new UUID[][] {{b, c, a}, {a, b, c}, {c, a, b}};
        crashed.poll();
        // A split: b and c lose sight of a, and, on their side, repair the table between them.
        members.remove(a);
        table = new UUID[][] {{b, c, null}, {b, c, null}, {c, b, null}};
        safe.set(false);
        crashed.poll();
        assertThat(lost.total()).as("no partition had both copies on a").isZero();
        long splitSeenAt = now.get();

        // The heal: this side merges into a's, which lost partition 0 (both copies were here).
        now.addAndGet(20_000);
        crashed.mergeStarted();
        lost.forgetAfterMerge();
        Map<String, Set<Integer>> heldWholeHere = crashed.reportOtherSidesLosses();
        crashed.mergeEnded();

        assertThat(heldWholeHere.get("default")).as("what this side alone held, for the merge back")
                .containsExactly(0);
        assertThat(heldWholeHere.get("triple")).isEmpty();
        assertThat(lost.lostWithin("default", 0, Duration.ofSeconds(60)))
                .as("the other side's loss, fenced here too").isTrue();
        assertThat(lost.lostWithin("default", 0, Duration.ofMillis(now.get() - splitSeenAt - 1)))
                .as("counted from when the split was seen, not from the merge").isFalse();
        assertThat(lost.lostWithin("default", 1, Duration.ofSeconds(60))).isFalse();
        assertThat(lost.lostWithin("default", 2, Duration.ofSeconds(60))).isFalse();
        assertThat(lost.lostWithin("triple", 0, Duration.ofSeconds(60))).as("its third copy was on a").isFalse();
    }

    @Test
    void aPartitionMissingACopyInTheTable_isNotHeldWhole() {
        // Partition 0 names only c (a table caught mid-repair); partitions 1 and 2 keep a copy on a.
        table = new UUID[][] {{c, null, null}, {a, b, c}, {c, a, b}};
        crashed.poll();
        members.remove(a);
        crashed.poll();

        crashed.mergeStarted();
        lost.forgetAfterMerge();
        crashed.reportOtherSidesLosses();
        crashed.mergeEnded();

        assertThat(lost.lostWithin("default", 0, Duration.ofSeconds(60))).isFalse();
        assertThat(lost.recentCount()).isZero();
    }

    @Test
    void aMemberOnItsWayOut_reportsNothing_whenTheOthersVanishFromItsList() {
        crashed.poll();
        // This member (c) shuts down: the listener closes the check, then its member list shrinks to itself.
        crashed.close();
        members.removeAll(Set.of(a, b));

        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).isFalse();
        assertThat(lost.total()).isZero();
    }

    @Test
    void aGracefulLeave_losesNothing_evenWithAStaleCopyOfTheTable() {
        crashed.poll();
        graceful.addAll(Set.of(a, b));
        members.removeAll(Set.of(a, b));

        crashed.poll();
        assertThat(crashed.lostNow("default", 0)).isFalse();
        assertThat(lost.total()).isZero();
    }

    @Test
    void oneCrashWithOneBackup_losesNothing() {
        crashed.poll();
        members.remove(a);
        crashed.poll();

        for (int partition = 0; partition < 3; partition++) {
            assertThat(crashed.lostNow("default", partition)).isFalse();
        }
        assertThat(lost.total()).isZero();
    }

    @Test
    void twoCrashesSeenOneAfterTheOther_stillCompareWithTheTableBeforeTheFirst() {
        crashed.poll();
        members.remove(a);
        // After the first crash, the repair is still waiting for b, which crashed too.
        table = new UUID[][] {{null, b, c}, {b, c, null}, {c, null, b}};
        safe.set(false);
        crashed.poll();
        assertThat(lost.total()).isZero();

        members.remove(b);
        crashed.poll();
        assertThat(lost.recentlyLost("default", 0)).isTrue();
        assertThat(lost.total()).isEqualTo(1);
    }
}
