package io.ringcache.node.store;

import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.routing.MemberRef;
import io.ringcache.node.routing.PartitionTable;
import io.ringcache.node.routing.SlotLayout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ownership moves as a member hears them: the master's migration event and the member's own
 * partition table arrive separately, in either order. A watch or stamp must never be answered as
 * owner by a member that has heard it gave the partition up, even while its table still says so.
 */
class InvalidationLogMovesTest {

    private static final SlotLayout LAYOUT = new SlotLayout(4);
    private static final MemberRef SELF = new MemberRef(UUID.randomUUID(), "self", true);
    private static final MemberRef OTHER = new MemberRef(UUID.randomUUID(), "other", false);
    private static final int PARTITION = 2;
    private static final int SLOT = LAYOUT.firstSlot(PARTITION);

    private final AtomicReference<PartitionTable> table = new AtomicReference<>(ownedBy(SELF));
    private final InvalidationLog log = new InvalidationLog(LAYOUT, table::get, Set.of("default"));
    private final List<String> events = new ArrayList<>();
    private final InvalidationFeed.Listener listener = new InvalidationFeed.Listener() {
        @Override
        public void invalidated(String cache, int partition, long partitionId, long sequence, byte[] key) {
            events.add("invalidated " + partition);
        }

        @Override
        public void reset(String cache, int partition, InvalidationFeed.Reset reason, long partitionId,
                          long sequence) {
            events.add(reason + " " + partition);
        }
    };

    @Test
    void theEventBeforeTheTable_answersNotOwnedAtOnce() {
        assertThat(log.watch("default", SLOT, listener).owned()).isTrue();

        log.movedFromHere(PARTITION); // the table still names this member
        assertThat(events).containsExactly("MOVED " + PARTITION);
        assertThat(log.watch("default", SLOT, listener).owned()).as("watch in the gap").isFalse();
        assertThat(log.stamp("default", SLOT).partitionId()).as("stamp in the gap").isZero();

        table.set(ownedBy(OTHER));
        assertThat(log.watch("default", SLOT, listener).owned()).isFalse();
    }

    @Test
    void theTableBeforeTheEvent_answersNotOwned_andTheEventStillResets() {
        log.watch("default", SLOT, listener);
        table.set(ownedBy(OTHER));
        assertThat(log.stamp("default", SLOT).partitionId()).isZero();

        log.movedFromHere(PARTITION);
        assertThat(events).containsExactly("MOVED " + PARTITION);
        assertThat(log.watch("default", SLOT, listener).owned()).isFalse();
    }

    @Test
    void thePartitionComingBack_isOwnedAgain_underANewIdentity() {
        long before = log.watch("default", SLOT, listener).partitionId();
        log.movedFromHere(PARTITION);
        table.set(ownedBy(OTHER));
        assertThat(log.watch("default", SLOT, listener).owned()).isFalse();

        table.set(ownedBy(SELF));
        log.movedToHere(PARTITION);
        InvalidationFeed.Watch again = log.watch("default", SLOT, listener);
        assertThat(again.owned()).isTrue();
        assertThat(again.partitionId()).isNotIn(0L, before);
    }

    @Test
    void comingBackBeforeTheTableShowedTheMove_isOwnedAgain() {
        // Moved away and back (a promotion after the new owner died) before this member's
        // table ever showed another owner: the second event clears the first.
        log.movedFromHere(PARTITION);
        log.movedToHere(PARTITION);
        assertThat(log.watch("default", SLOT, listener).owned()).isTrue();
    }

    @Test
    void otherPartitions_areUntouched() {
        int otherSlot = LAYOUT.firstSlot(PARTITION + 1);
        log.watch("default", otherSlot, listener);
        log.movedFromHere(PARTITION);
        assertThat(log.watch("default", otherSlot, listener).owned()).isTrue();
        assertThat(events).as("nothing reset where this listener watches").isEmpty();
    }

    private static PartitionTable ownedBy(MemberRef owner) {
        MemberRef[][] replicas = new MemberRef[LAYOUT.partitionCount()][];
        for (int p = 0; p < replicas.length; p++) {
            replicas[p] = new MemberRef[] {p == PARTITION ? owner : SELF};
        }
        return new PartitionTable(LAYOUT, replicas, owner == SELF ? 1 : 2);
    }
}
