package io.ringcache.node.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MemberHearingTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UUID self = UUID.randomUUID();
    private final UUID peer = UUID.randomUUID();
    private final UUID leaving = UUID.randomUUID();
    private final Map<UUID, Long> lastRead = new HashMap<>();
    private final List<UUID> view = new ArrayList<>();
    private final AtomicInteger connectionAsked = new AtomicInteger();
    private final MemberHearing hearing =
            new MemberHearing(Duration.ofSeconds(5), now::get, Set.of(leaving)::contains);

    MemberHearingTest() {
        hearing.attach(self, member -> {
            connectionAsked.incrementAndGet();
            return lastRead.getOrDefault(member, Long.MIN_VALUE);
        }, () -> List.copyOf(view));
        view.addAll(List.of(self, peer, leaving));
    }

    @Test
    void seenNow_countsItselfAndMembersWithRecentHeartbeats_notThoseLeaving() {
        hearing.joined(self);
        hearing.joined(peer);
        hearing.joined(leaving);
        assertThat(hearing.seenNow()).isEqualTo(2);
        assertThat(hearing.departingInView()).isEqualTo(1);

        now.addAndGet(5_001);
        assertThat(hearing.seenNow()).isEqualTo(1);
        hearing.heartbeat(peer);
        assertThat(hearing.seenNow()).isEqualTo(2);
    }

    @Test
    void bytesOnTheConnection_keepAMemberHeard_whileItsHeartbeatsAreDropped() {
        hearing.joined(peer);
        now.addAndGet(6_000);
        assertThat(hearing.isSilent(peer, 2_500)).isTrue();

        lastRead.put(peer, now.get() - 100);
        assertThat(hearing.isSilent(peer, 2_500)).isFalse();
        assertThat(hearing.seenNow()).isEqualTo(2);
    }

    @Test
    void theConnectionIsAskedOnlyWhenTheHeartbeatIsStale() {
        hearing.joined(peer);
        now.addAndGet(1_000);
        assertThat(hearing.isSilent(peer, 2_500)).isFalse();
        assertThat(hearing.seenNow()).isEqualTo(2);
        assertThat(connectionAsked).hasValue(0);

        now.addAndGet(5_000);
        hearing.isSilent(peer, 2_500);
        assertThat(connectionAsked).hasValue(1);
    }

    @Test
    void isSilent_notForMembersLeavingOnPurpose_unknownOrRemoved() {
        hearing.joined(leaving);
        hearing.joined(peer);
        now.addAndGet(6_000);
        assertThat(hearing.isSilent(leaving, 2_500)).isFalse();
        assertThat(hearing.isSilent(UUID.randomUUID(), 2_500)).isFalse();
        assertThat(hearing.isSilent(peer, 2_500)).isTrue();

        hearing.removed(peer);
        assertThat(hearing.isSilent(peer, 2_500)).isFalse();
        assertThat(hearing.seenNow()).isEqualTo(1);
    }

    @Test
    void aMemberHazelcastsViewDropped_isNotSeen_beforeItsRemovalEventArrives() {
        hearing.joined(peer);
        hearing.joined(leaving);
        assertThat(hearing.seenNow()).isEqualTo(2);
        assertThat(hearing.inViewNow()).isEqualTo(3);
        assertThat(hearing.inViewNotLeavingNow()).isEqualTo(2);

        view.remove(peer); // its heartbeat is still recent, the event not delivered yet
        assertThat(hearing.seenNow()).isEqualTo(1);
        assertThat(hearing.inViewNow()).isEqualTo(2);
        assertThat(hearing.inViewNotLeavingNow()).isEqualTo(1);
        assertThat(hearing.departingInView()).as("leaving still counts until its event").isEqualTo(1);
    }

    @Test
    void theViewCounts_heardOrNot() {
        UUID joinedUnheard = UUID.randomUUID();
        view.add(joinedUnheard); // in the view before its join event
        now.addAndGet(60_000);
        assertThat(hearing.inViewNow()).isEqualTo(4);
        assertThat(hearing.inViewNotLeavingNow()).as("self, peer, the newcomer; not the one leaving").isEqualTo(3);
        assertThat(hearing.seenNow()).isEqualTo(1);
    }
}
