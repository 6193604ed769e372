package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.Invalidation;
import io.ringcache.proto.v1.PartitionReset;
import io.ringcache.proto.v1.PartitionStamp;
import io.ringcache.proto.v1.PartitionWatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's rules without a network: a fake stream answers watches, the test plays the
 * owner's events and stamped answers, and a manual clock drives expiry.
 */
class NearCacheTest {

    private static final Object STREAM = "stream-to-owner";
    private static final long IDENTITY = 77;
    private static final byte[] KEY = "hot".getBytes(StandardCharsets.UTF_8);
    private static final int SLOT = KeySlots.slot(KEY);
    private static final int PARTITION = 5;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<Integer> watchedSlots = new ArrayList<>();
    private NearCache near;

    @BeforeEach
    void watched() {
        near = newNearCache(NearCacheSettings.maxEntries(100));
        // The first read of a partition is not cached: it asks for the watch.
        assertThat(near.reserve(KEY)).isNull();
        assertThat(watchedSlots).containsExactly(SLOT);
        near.onWatch(STREAM, watch(10));
    }

    private NearCache newNearCache(NearCacheSettings settings) {
        return new NearCache("c", settings, (cache, slot) -> {
            watchedSlots.add(slot);
            return STREAM;
        }, clock::get);
    }

    @Test
    void aStampedAnswer_isInstalled_andServedLocally() {
        assertThat(near.hit(KEY)).isNull();
        NearCache.Reservation reservation = near.reserve(KEY);
        assertThat(near.install(reservation, answer("v1", 1, 12, 0))).isTrue();

        assertThat(near.hit(KEY).valueAsString()).isEqualTo("v1");
        assertThat(near.stats().hits()).isEqualTo(1);
        assertThat(near.stats().installs()).isEqualTo(1);
    }

    @Test
    void anInvalidationBetweenReserveAndAnswer_preventsTheInstall() {
        NearCache.Reservation reservation = near.reserve(KEY);
        near.onInvalidation(STREAM, invalidation(11, KEY));
        // The answer was read before that write (its stamp is older): it must not be kept.
        assertThat(near.install(reservation, answer("old", 1, 10, 0))).isFalse();
        assertThat(near.hit(KEY)).isNull();
        assertThat(near.stats().installsRefused()).isEqualTo(1);
    }

    @Test
    void anInvalidationAfterInstall_removesTheEntry() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        near.onInvalidation(STREAM, invalidation(11, KEY));
        assertThat(near.hit(KEY)).isNull();
        assertThat(near.stats().invalidations()).isEqualTo(1);
        assertThat(near.stats().gapsDetected()).isZero();
    }

    @Test
    void aGapInTheSequence_dropsThePartition_evenForOtherKeys() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        // Event 11 was lost; 12 names another key of the same partition.
        near.onInvalidation(STREAM, invalidation(12, "other".getBytes(StandardCharsets.UTF_8)));
        assertThat(near.hit(KEY)).isNull();
        assertThat(near.stats().gapsDetected()).isEqualTo(1);
        // It goes on from the event's sequence.
        near.install(near.reserve(KEY), answer("v2", 2, 12, 0));
        near.onInvalidation(STREAM, invalidation(13, "other".getBytes(StandardCharsets.UTF_8)));
        assertThat(near.hit(KEY).valueAsString()).isEqualTo("v2");
        assertThat(near.stats().gapsDetected()).isEqualTo(1);
    }

    @Test
    void aGapWhileAReadIsInFlight_refusesItsInstall() {
        NearCache.Reservation reservation = near.reserve(KEY);
        near.onInvalidation(STREAM, invalidation(12, "other".getBytes(StandardCharsets.UTF_8)));
        assertThat(near.install(reservation, answer("v1", 1, 12, 0))).isFalse();
    }

    @Test
    void anAnswerFromANodeThatIsNotTheWatchedOwner_isNotInstalled() {
        assertThat(near.install(near.reserve(KEY), stamped("v", 1, 0, 0, 10))).as("not the owner").isFalse();
        assertThat(near.install(near.reserve(KEY), answer("v", 1, 9, 0))).as("before the watch").isFalse();
        assertThat(near.install(near.reserve(KEY), stamped("v", 1, 0, 999, 10))).as("another identity").isFalse();
    }

    @Test
    void anAnswerUnderAnotherIdentity_outdatesTheWatch_whichIsAskedAgain() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        // The partition's owner now stamps identity 999: the partition moved (or was reset) and
        // the watched stream will not say so. Waiting for an event here would never cache again.
        assertThat(near.install(near.reserve(KEY), stamped("v2", 2, 0, 999, 3))).isFalse();
        assertThat(near.hit(KEY)).as("the partition is dropped").isNull();
        assertThat(near.stats().outdatedWatches()).isEqualTo(1);

        assertThat(near.reserve(KEY)).as("watched again first").isNull();
        assertThat(watchedSlots).containsExactly(SLOT, SLOT);
        near.onWatch(STREAM, PartitionWatch.newBuilder().setCache("c").setPartition(PARTITION).setFirstSlot(SLOT)
                .setLastSlot(SLOT).setOwned(true).setPartitionId(999).setSequence(3).build());
        assertThat(near.install(near.reserve(KEY), stamped("v2", 2, 0, 999, 3))).isTrue();
        assertThat(near.hit(KEY).valueAsString()).isEqualTo("v2");
    }

    @Test
    void resets_dropThePartition_movedUnwatchesIt() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        near.onReset(STREAM, PartitionReset.newBuilder().setCache("c").setPartition(PARTITION)
                .setReason(PartitionReset.Reason.CLEARED).setPartitionId(88).setSequence(0).build());
        assertThat(near.hit(KEY)).isNull();
        // It continues under the new identity.
        assertThat(near.install(near.reserve(KEY), stamped("v2", 1, 0, 88, 0))).isTrue();

        near.onReset(STREAM, PartitionReset.newBuilder().setCache("c").setPartition(PARTITION)
                .setReason(PartitionReset.Reason.MOVED).build());
        assertThat(near.hit(KEY)).isNull();
        assertThat(near.reserve(KEY)).as("moved: watched again first").isNull();
        assertThat(watchedSlots).containsExactly(SLOT, SLOT);
        assertThat(near.stats().resets()).isEqualTo(2);
    }

    @Test
    void theEndOfTheStream_dropsWhatItWatched() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        NearCache.Reservation inFlight = near.reserve("{hot}2".getBytes(StandardCharsets.UTF_8));
        assertThat(inFlight).as("same slot, so same partition").isNotNull();
        near.onStreamEnded(STREAM);
        assertThat(near.hit(KEY)).isNull();
        assertThat(near.install(inFlight, answer("v", 1, 10, 0))).isFalse();
        assertThat(near.stats().streamsLost()).isEqualTo(1);
    }

    @Test
    void ownWrites_removeTheEntry_andTheReadInFlight() {
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        near.invalidateLocally(KEY);
        assertThat(near.hit(KEY)).isNull();

        NearCache.Reservation inFlight = near.reserve(KEY);
        near.invalidateLocally(KEY);
        assertThat(near.install(inFlight, answer("before-my-write", 1, 10, 0))).isFalse();
    }

    @Test
    void anEntry_neverOutlivesItsTtl_countedFromWhenTheReadWasSent() {
        NearCache.Reservation reservation = near.reserve(KEY);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
        near.install(reservation, answer("v1", 1, 10, 1_000));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(near.hit(KEY).ttlRemainingMs()).isEqualTo(100);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(near.hit(KEY)).isNull();
    }

    @Test
    void theMaxTimeToLive_boundsEntriesWithoutTtl() {
        near = newNearCache(NearCacheSettings.maxEntries(100).maxTimeToLive(Duration.ofSeconds(2)));
        near.reserve(KEY);
        near.onWatch(STREAM, watch(10));
        near.install(near.reserve(KEY), answer("v1", 1, 10, 0));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_999));
        assertThat(near.hit(KEY)).isNotNull();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(near.hit(KEY)).isNull();
    }

    private static PartitionWatch watch(long sequence) {
        return PartitionWatch.newBuilder().setCache("c").setPartition(PARTITION).setFirstSlot(SLOT)
                .setLastSlot(SLOT).setOwned(true).setPartitionId(IDENTITY).setSequence(sequence).build();
    }

    private static Invalidation invalidation(long sequence, byte[] key) {
        return Invalidation.newBuilder().setCache("c").setPartition(PARTITION).setPartitionId(IDENTITY)
                .setSequence(sequence).setKey(ByteString.copyFrom(key)).build();
    }

    private static GetResponse answer(String value, long version, long sequence, long ttlMs) {
        return stamped(value, version, ttlMs, IDENTITY, sequence);
    }

    private static GetResponse stamped(String value, long version, long ttlMs, long identity, long sequence) {
        return GetResponse.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8(value)).setVersion(version)
                .setTtlRemainingMs(ttlMs).setStamp(PartitionStamp.newBuilder().setPartition(PARTITION)
                        .setPartitionId(identity).setSequence(sequence)).build();
    }
}
