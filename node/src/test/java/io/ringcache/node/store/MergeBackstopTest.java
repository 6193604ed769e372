package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MergeBackstopTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    /** The entries this member holds, by "cache/partition". */
    private final Map<String, List<MergeBackstop.Copy>> local = new HashMap<>();
    /** What the larger cluster holds after Hazelcast's merge, by "cache/key". */
    private final Map<String, Object> cluster = new HashMap<>();
    private final List<String> sent = new ArrayList<>();
    private final AtomicInteger failuresToCome = new AtomicInteger();

    private final MergeBackstop backstop = new MergeBackstop(
            (cache, partition, consumer) -> local.getOrDefault(cache + "/" + partition, List.of())
                    .forEach(copy -> consumer.accept(copy.keyData(), copy.valueData(), copy.expiresAtMillis())),
            partition -> partition != 9, // partition 9's owner is another member of this side
            (cache, key, value, ttlMs) -> {
                if (failuresToCome.getAndDecrement() > 0) {
                    throw new IllegalStateException("partition migrating");
                }
                sent.add(cache + "/" + key + " ttl " + ttlMs);
                return cluster.putIfAbsent(cache + "/" + key, value) == null;
            },
            now::get, () -> now.addAndGet(MergeBackstop.RETRY_PAUSE_MS));

    private void holds(String cache, int partition, String key, long expiresAt) {
        local.computeIfAbsent(cache + "/" + partition, p -> new ArrayList<>())
                .add(new MergeBackstop.Copy(cache, key, "value of " + key, expiresAt));
    }

    @Test
    void theEntriesOfPartitionsOnlyThisSideHeld_areSentAgain_andTheOnesTheMergeDroppedAreRestored() {
        holds("default", 3, "a", Long.MAX_VALUE);
        holds("default", 3, "b", now.get() + 5_000);
        holds("default", 4, "not-held-whole", Long.MAX_VALUE);
        holds("default", 9, "owned-elsewhere", Long.MAX_VALUE);
        holds("ledger", 3, "c", Long.MAX_VALUE);
        backstop.mergeStarting(Map.of("default", Set.of(3, 9), "ledger", Set.of(3)));
        local.clear(); // Hazelcast resets this member's data as it merges
        cluster.put("default/a", "value of a"); // Hazelcast's merge got this one across, then gave up

        MergeBackstop.Outcome outcome = backstop.resend(takenCopies());

        assertThat(outcome).isEqualTo(new MergeBackstop.Outcome(2, 1, 0, 0));
        assertThat(cluster).containsOnlyKeys("default/a", "default/b", "ledger/c");
        assertThat(sent).contains("default/b ttl 5000", "ledger/c ttl 0");
    }

    @Test
    void failedSends_areRetried_untilTheBound_andExpiredEntriesAreSkipped() {
        holds("default", 3, "a", Long.MAX_VALUE);
        holds("default", 3, "short-lived", now.get() + 100);
        backstop.mergeStarting(Map.of("default", Set.of(3)));
        failuresToCome.set(3);

        MergeBackstop.Outcome outcome = backstop.resend(takenCopies());

        assertThat(outcome.restored()).as("a, after three failures").isEqualTo(1);
        assertThat(outcome.expired()).as("expired while a was retried").isEqualTo(1);

        local.clear();
        holds("default", 3, "never-accepted", Long.MAX_VALUE);
        backstop.mergeStarting(Map.of("default", Set.of(3)));
        failuresToCome.set(Integer.MAX_VALUE);
        long start = now.get();
        assertThat(backstop.resend(takenCopies()).failed()).isEqualTo(1);
        assertThat(now.get() - start).isBetween(MergeBackstop.RESEND_BOUND_MS, MergeBackstop.RESEND_BOUND_MS + 1_000);
    }

    @Test
    void aStoppingMember_stopsResending() {
        holds("default", 3, "a", Long.MAX_VALUE);
        holds("default", 3, "b", Long.MAX_VALUE);
        backstop.mergeStarting(Map.of("default", Set.of(3)));
        MergeBackstop stopping = new MergeBackstop((cache, partition, consumer) -> { }, partition -> true,
                (cache, key, value, ttlMs) -> {
                    throw new HazelcastInstanceNotActiveException();
                }, now::get, () -> { });

        assertThat(stopping.resend(takenCopies())).isEqualTo(new MergeBackstop.Outcome(0, 0, 0, 2));
    }

    @Test
    void aFailedMerge_orNothingHeldWhole_sendsNothing() throws Exception {
        holds("default", 3, "a", Long.MAX_VALUE);
        backstop.mergeStarting(Map.of("default", Set.of(3)));
        backstop.mergeFailed();
        backstop.merged();
        backstop.mergeStarting(Map.of());
        backstop.merged();

        assertThat(takenCopies()).isEmpty();
        assertThat(sent).isEmpty();
    }

    /** What the backstop took at the last mergeStarting, as merged() would hand it to its thread. */
    private List<MergeBackstop.Copy> takenCopies() {
        return backstop.taken();
    }
}
