package io.ringcache.node.cluster;

import io.ringcache.node.config.QuorumSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ClusterQuorumTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UUID graceful = UUID.randomUUID();
    private final UUID crashed = UUID.randomUUID();

    @Test
    void auto_majorityOfFiveSurvivesTwoCrashes_butNotThree() {
        ClusterQuorum quorum = grownTo(5);

        crash(quorum, 4);
        crash(quorum, 3);
        assertThat(quorum.evaluate(3)).isTrue();

        crash(quorum, 2);
        assertThat(quorum.evaluate(2)).isFalse();
        assertThat(quorum.problem()).isEqualTo("no quorum: sees 2 of 5 expected members, needs 3");
    }

    @Test
    void aMemberIsSilent_onlyWhileItsHeartbeatsStayAway_andNotWhileItLeavesOnPurpose() {
        ClusterQuorum quorum = new ClusterQuorum(QuorumSpec.parse("auto"), TOLERANCE, now::get);
        UUID frozen = UUID.randomUUID();
        quorum.hearing().track(frozen);
        quorum.hearing().track(graceful);
        quorum.departures().leftGracefullyIf(graceful::equals);

        now.addAndGet(2_400);
        assertThat(quorum.hearing().isSilent(frozen, 2_500)).isFalse();
        now.addAndGet(200);
        assertThat(quorum.hearing().isSilent(frozen, 2_500)).isTrue();
        assertThat(quorum.hearing().isSilent(graceful, 2_500)).as("handing its partitions off").isFalse();
        assertThat(quorum.hearing().isSilent(UUID.randomUUID(), 2_500)).as("not known yet").isFalse();

        quorum.hearing().heartbeat(frozen);
        assertThat(quorum.hearing().isSilent(frozen, 2_500)).isFalse();
    }

    @Test
    void auto_theSmallerSideOfASplitRefuses_theLargerServes() {
        ClusterQuorum larger = grownTo(5);
        ClusterQuorum smaller = grownTo(5);

        crash(larger, 4);
        crash(larger, 3);
        crash(smaller, 4);
        crash(smaller, 3);
        crash(smaller, 2);

        assertThat(larger.evaluate(3)).isTrue();
        assertThat(smaller.evaluate(2)).isFalse();
    }

    @Test
    void auto_gracefulLeavesShrinkTheExpectation_soScalingDownKeepsServing() {
        ClusterQuorum quorum = grownTo(5);

        for (int remaining = 4; remaining >= 2; remaining--) {
            quorum.memberLeft(graceful, remaining);
            assertThat(quorum.evaluate(remaining)).as("after scaling to %d", remaining).isTrue();
        }
        // Now expected to be 2: too small to protect, so a crash leaves the last node serving.
        crash(quorum, 1);
        assertThat(quorum.evaluate(1)).isTrue();
    }

    @Test
    void auto_aReplacementForACrashedMemberRestoresTheQuorumWithoutRaisingTheExpectation() {
        ClusterQuorum quorum = grownTo(3);
        crash(quorum, 2);
        crash(quorum, 1);
        assertThat(quorum.evaluate(1)).isFalse();

        quorum.memberJoined(2);
        assertThat(quorum.evaluate(2)).isTrue();
        quorum.memberJoined(3);
        crash(quorum, 2);
        assertThat(quorum.evaluate(2)).as("still expects 3, sees 2").isTrue();
    }

    @Test
    void auto_twoNodeClustersAreNotProtected() {
        ClusterQuorum quorum = grownTo(2);
        crash(quorum, 1);
        assertThat(quorum.evaluate(1)).isTrue();
        assertThat(quorum.problem()).isEmpty();
    }

    @Test
    void fixedMinimum_andOff() {
        ClusterQuorum fixed = new ClusterQuorum(QuorumSpec.parse("3"), TOLERANCE, now::get);
        assertThat(fixed.evaluate(3)).isTrue();
        assertThat(fixed.evaluate(2)).isFalse();
        assertThat(fixed.problem()).isEqualTo("no quorum: sees 2 member(s), needs 3");

        ClusterQuorum off = new ClusterQuorum(QuorumSpec.parse("off"), TOLERANCE, now::get);
        assertThat(off.enabled()).isFalse();
        assertThat(off.evaluate(1)).isTrue();
    }

    @Test
    void membersWhoseHeartbeatsStop_areNotSeen_beforeTheViewChanges() {
        // A split: the view still lists all five, but two stop sending heartbeats.
        ClusterQuorum smallerSide = grownTo(5);
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        others.forEach(smallerSide.hearing()::track);
        assertThat(smallerSide.evaluate(smallerSide.hearing().seenNow())).isTrue();

        for (int second = 0; second < 6; second++) {
            now.addAndGet(1_000);
            smallerSide.hearing().heartbeat(others.get(0)); // only one peer is still reachable
        }

        assertThat(smallerSide.hearing().seenNow()).isEqualTo(2);
        assertThat(smallerSide.evaluate(smallerSide.hearing().seenNow())).isFalse();
        smallerSide.hearing().heartbeat(others.get(1));
        smallerSide.hearing().heartbeat(others.get(2));
        assertThat(smallerSide.evaluate(smallerSide.hearing().seenNow())).as("heartbeats back").isTrue();
    }

    @Test
    void membersThatAnnouncedALeave_costNothingWhileTheyHandOff() {
        // Scaling 5 -> 2: three announce their leave and stop heartbeating while still in the view.
        ClusterQuorum quorum = new ClusterQuorum(QuorumSpec.parse("auto"), TOLERANCE, now::get);
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Set<UUID> leaving = Set.of(others.get(1), others.get(2), others.get(3));
        quorum.departures().leftGracefullyIf(leaving::contains);
        for (int members = 1; members <= 5; members++) {
            quorum.memberJoined(members);
        }
        others.forEach(quorum.hearing()::track);
        for (int second = 0; second < 6; second++) {
            now.addAndGet(1_000);
            quorum.hearing().heartbeat(others.get(0));
        }

        assertThat(quorum.hearing().seenNow()).isEqualTo(2);
        assertThat(quorum.hearing().departingInView()).isEqualTo(3);
        assertThat(quorum.reevaluate()).as("2 seen of 2 still expected").isTrue();

        quorum.departures().leftGracefullyIf(uuid -> false); // had they crashed instead: 2 of 5
        assertThat(quorum.reevaluate()).isFalse();
    }

    @Test
    void requests_reReadHeartbeatAges_atMostEvery100ms_onceTheMembershipIsFollowed() {
        ClusterQuorum quorum = grownTo(3);
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID());
        others.forEach(quorum.hearing()::track);
        now.addAndGet(6_000);
        assertThat(quorum.problem()).as("not following a membership yet: nothing re-read").isEmpty();

        others.forEach(quorum.hearing()::heartbeat);
        quorum.follow(UUID.randomUUID(), uuid -> Long.MIN_VALUE, () -> null);
        assertThat(quorum.problem()).isEmpty();
        now.addAndGet(4_950);
        assertThat(quorum.problem()).isEmpty();

        now.addAndGet(60); // both heartbeats are now older than the tolerance
        assertThat(quorum.problem()).as("re-read 60 ms ago").isEmpty();
        assertThat(quorum.isPresent()).isTrue();
        now.addAndGet(40);
        assertThat(quorum.problem()).isEqualTo("no quorum: sees 1 of 3 expected members, needs 2");
        assertThat(quorum.isPresent()).isFalse();
        assertThat(quorum.state()).isEqualTo(new QuorumState(false, quorum.problem(), 1, 3));

        quorum.hearing().heartbeat(others.get(0));
        now.addAndGet(100);
        assertThat(quorum.problem()).as("regained").isEmpty();
    }

    @Test
    void requests_doNotWait_whileAMembershipEventEvaluates() throws Exception {
        ClusterQuorum quorum = grownTo(3);
        UUID stale = UUID.randomUUID();
        quorum.hearing().track(stale);
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        quorum.follow(UUID.randomUUID(), uuid -> {
            asked.countDown();
            awaitQuietly(answer); // the connection lookup stalls inside the evaluation
            return Long.MIN_VALUE;
        }, () -> null);
        now.addAndGet(6_000);
        Thread event = new Thread(quorum::reevaluate);
        event.start();
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();

        now.addAndGet(100);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(quorum.problem()).isEmpty());
        answer.countDown();
        event.join(5_000);
        assertThat(quorum.problem()).isEqualTo("no quorum: sees 1 of 3 expected members, needs 2");
    }

    @Test
    void theOwnerLease_endsTheInstantHazelcastsViewShrinksToAMinority_beforeItsEventsArrive() {
        // One of two cut-off members: the other claimed the coordinator's role, and Hazelcast's
        // view is now the two of them, while the other three still heartbeat and no removal
        // event has been delivered.
        ClusterQuorum cutOff = grownTo(5);
        UUID self = UUID.randomUUID();
        List<UUID> others = fourHeard(cutOff);
        List<UUID> view = new ArrayList<>(others);
        view.add(self);
        cutOff.follow(self, uuid -> Long.MIN_VALUE, () -> List.copyOf(view));
        assertThat(cutOff.ownerLeaseHeld()).isTrue();

        view.retainAll(List.of(self, others.get(0)));
        assertThat(cutOff.ownerLeaseHeld()).as("at once").isFalse();
        assertThat(cutOff.isPresent()).as("the published state, re-read at most every 100 ms").isTrue();
        now.addAndGet(100);
        assertThat(cutOff.isPresent()).isFalse();
        assertThat(cutOff.problem()).isEqualTo("no quorum: sees 2 of 5 expected members, needs 3");
    }

    @Test
    void theOwnerLease_survivesAScaleDownWhoseLeavesHaveLeftTheViewBeforeTheirEvents() {
        ClusterQuorum quorum = grownTo(5);
        UUID self = UUID.randomUUID();
        List<UUID> others = fourHeard(quorum);
        Set<UUID> leaving = Set.of(others.get(1), others.get(2), others.get(3));
        quorum.departures().leftGracefullyIf(leaving::contains);
        quorum.follow(self, uuid -> Long.MIN_VALUE, () -> List.of(self, others.get(0)));

        assertThat(quorum.ownerLeaseHeld()).as("2 of the 2 still expected").isTrue();
        quorum.departures().leftGracefullyIf(uuid -> false); // had they crashed instead: 2 of 5
        assertThat(quorum.viewHoldsQuorum()).isFalse();
    }

    @Test
    void spec_rejectsNonsense() {
        assertThatThrownBy(() -> QuorumSpec.parse("majority")).hasMessageContaining("auto, off");
        assertThatThrownBy(() -> QuorumSpec.parse("1")).hasMessageContaining("between 2");
        assertThat(QuorumSpec.parse(" AUTO ").mode()).isEqualTo(QuorumSpec.Mode.AUTO);
    }

    private ClusterQuorum grownTo(int size) {
        ClusterQuorum quorum = new ClusterQuorum(QuorumSpec.parse("auto"), TOLERANCE, now::get);
        quorum.departures().leftGracefullyIf(Set.of(graceful)::contains);
        for (int members = 1; members <= size; members++) {
            quorum.memberJoined(members);
            assertThat(quorum.evaluate(members)).isTrue();
        }
        return quorum;
    }

    /** Four other members, just heard from. */
    private static List<UUID> fourHeard(ClusterQuorum quorum) {
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        others.forEach(quorum.hearing()::track);
        return others;
    }

    private void crash(ClusterQuorum quorum, int remaining) {
        quorum.memberLeft(crashed, remaining);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
