package io.ringcache.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.Invalidation;
import io.ringcache.proto.v1.PartitionReset;
import io.ringcache.proto.v1.PartitionStamp;
import io.ringcache.proto.v1.PartitionWatch;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One cache's near cache: the entries, and per partition the watch that keeps them current
 * (docs/near-cache.md). A read reserves its key before going to the cluster and installs the
 * answer only if nothing could have changed the key in between; invalidations, resets, gaps in
 * a partition's sequence and the end of a stream remove entries. Each partition's state and
 * every install or removal that depends on it change under that partition's monitor, so an
 * install and an invalidation of the same partition never interleave. Hits take no lock.
 */
final class NearCache {

    /** Reservations left behind by a read that never completes still go away. */
    private static final long RESERVATION_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Where a partition's watches are asked for. */
    interface Watches {
        /**
         * Asks the owner of {@code slot} (from the topology) to watch its partition of
         * {@code cache}; the answer comes to {@link #onWatch}. Returns the stream asked, or null
         * when no owner is known.
         */
        Object watch(String cache, int slot);
    }

    private final String name;
    private final Watches watches;
    private final LongSupplier nanoClock;
    private final long maxTtlNanos;
    private final Cache<ByteBuffer, Entry> entries;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final AtomicIntegerArray partitionOfSlot = new AtomicIntegerArray(KeySlots.COUNT);
    /** Slots whose watch was asked and not answered yet, with the stream asked. */
    private final Map<Integer, Object> pendingSlots = new ConcurrentHashMap<>();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder installs = new LongAdder();
    private final LongAdder installsRefused = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder streamsLost = new LongAdder();
    private final LongAdder partitionsDropped = new LongAdder();
    private final LongAdder outdatedWatches = new LongAdder();

    NearCache(String name, NearCacheSettings settings, Watches watches, LongSupplier nanoClock) {
        this.name = name;
        this.watches = watches;
        this.nanoClock = nanoClock;
        this.maxTtlNanos = settings.maxTimeToLive().isZero() ? Long.MAX_VALUE : settings.maxTimeToLive().toNanos();
        this.entries = Caffeine.newBuilder().maximumSize(settings.maxEntries()).ticker(nanoClock::getAsLong)
                .expireAfter(new Expiry<ByteBuffer, Entry>() {
                    @Override
                    public long expireAfterCreate(ByteBuffer key, Entry entry, long now) {
                        return Math.max(0, entry.deadlineNanos - now);
                    }

                    @Override
                    public long expireAfterUpdate(ByteBuffer key, Entry entry, long now, long current) {
                        return Math.max(0, entry.deadlineNanos - now);
                    }

                    @Override
                    public long expireAfterRead(ByteBuffer key, Entry entry, long now, long current) {
                        return current;
                    }
                }).build();
        for (int slot = 0; slot < KeySlots.COUNT; slot++) {
            partitionOfSlot.set(slot, -1);
        }
    }

    String name() {
        return name;
    }

    /** The cached answer for {@code key}, or null (a miss, counted). */
    GetResult hit(byte[] key) {
        Entry entry = entries.getIfPresent(ByteBuffer.wrap(key));
        if (entry != null && entry.result != null) {
            long now = nanoClock.getAsLong();
            if (now - entry.deadlineNanos < 0 && entry.state.generation == entry.generation) {
                hits.increment();
                return entry.answer(now);
            }
        }
        misses.increment();
        return null;
    }

    /**
     * Reserves {@code key} before it is read, or returns null when its answer cannot be cached
     * now (its partition is not watched yet: the watch is asked for here; another read holds
     * the reservation). The read must then carry a stamp.
     */
    Reservation reserve(byte[] key) {
        int slot = KeySlots.slot(key);
        int partition = partitionOfSlot.get(slot);
        PartitionState state = partition < 0 ? null : partitions.get(partition);
        if (state == null || !state.watching()) {
            askWatch(slot);
            return null;
        }
        ByteBuffer cacheKey = ByteBuffer.wrap(key.clone());
        long sent = nanoClock.getAsLong();
        synchronized (state) {
            if (!state.watching()) {
                return null;
            }
            Entry placeholder = new Entry(state, state.generation, null, sent + RESERVATION_NANOS);
            Entry previous = entries.asMap().putIfAbsent(cacheKey, placeholder);
            if (previous != null) {
                if (previous.result == null || !entries.asMap().replace(cacheKey, previous, placeholder)) {
                    return null;
                }
            }
            return new Reservation(cacheKey, placeholder, sent);
        }
    }

    /**
     * Keeps the stamped answer to a reserved read if nothing could have changed the key since the
     * reservation; releases the reservation either way. Returns whether it was kept.
     */
    boolean install(Reservation reservation, GetResponse response) {
        Entry placeholder = reservation.placeholder;
        PartitionState state = placeholder.state;
        PartitionStamp stamp = response.getStamp();
        GetResult result = DefaultAsyncCache.result(response);
        boolean kept = false;
        if (!result.possiblyLost()) {
            long deadline = reservation.sentNanos + Math.min(maxTtlNanos, response.getTtlRemainingMs() > 0
                    ? TimeUnit.MILLISECONDS.toNanos(response.getTtlRemainingMs()) : Long.MAX_VALUE);
            synchronized (state) {
                if (state.watching() && state.generation == placeholder.generation
                        && stamp.getPartition() == state.partition && stamp.getPartitionId() != 0) {
                    if (stamp.getPartitionId() == state.identity) {
                        if (stamp.getSequence() >= state.watchSequence) {
                            Entry value = new Entry(state, placeholder.generation, result, deadline);
                            kept = entries.asMap().replace(reservation.key, placeholder, value);
                        }
                    } else {
                        watchOutdated(state);
                    }
                }
            }
        }
        if (kept) {
            installs.increment();
        } else {
            installsRefused.increment();
            release(reservation);
        }
        return kept;
    }

    /** The reserved read failed: forget the reservation. */
    void release(Reservation reservation) {
        entries.asMap().remove(reservation.key, reservation.placeholder);
    }

    /**
     * This client is writing {@code key}: forget it now, and any read of it in flight (so a read
     * that started before the write cannot install the older value).
     */
    void invalidateLocally(byte[] key) {
        entries.asMap().remove(ByteBuffer.wrap(key));
    }

    // ---- events of the invalidation streams (on the streams' event loops) ----

    void onWatch(Object stream, PartitionWatch watch) {
        for (int slot = watch.getFirstSlot(); slot <= watch.getLastSlot() && slot < KeySlots.COUNT; slot++) {
            partitionOfSlot.set(slot, watch.getPartition());
            pendingSlots.remove(slot);
        }
        if (!watch.getOwned()) {
            return;
        }
        PartitionState state = partitions.computeIfAbsent(watch.getPartition(), PartitionState::new);
        synchronized (state) {
            if (state.watching() && state.stream == stream && state.identity == watch.getPartitionId()
                    && state.lastSequence == watch.getSequence()) {
                return;
            }
            if (state.watching()) {
                drop(state);
            }
            state.watch(stream, watch.getPartitionId(), watch.getSequence());
        }
    }

    void onInvalidation(Object stream, Invalidation event) {
        PartitionState state = partitions.get(event.getPartition());
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (!state.watching() || state.stream != stream) {
                return;
            }
            if (event.getPartitionId() != state.identity || event.getSequence() != state.lastSequence + 1) {
                gaps.increment();
                drop(state);
                state.watch(stream, event.getPartitionId(), event.getSequence());
            } else {
                state.lastSequence = event.getSequence();
            }
            entries.asMap().remove(event.getKey().asReadOnlyByteBuffer());
            invalidations.increment();
        }
    }

    void onReset(Object stream, PartitionReset reset) {
        PartitionState state = partitions.get(reset.getPartition());
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.stream != stream) {
                return;
            }
            resets.increment();
            drop(state);
            if (reset.getReason() == PartitionReset.Reason.MOVED) {
                // Watched again on its next miss, at the owner the topology names by then.
                state.unwatch();
            } else {
                state.watch(stream, reset.getPartitionId(), reset.getSequence());
            }
        }
    }

    /** A stream ended: what it watched is dropped, and watched again on the next miss. */
    void onStreamEnded(Object stream) {
        pendingSlots.values().removeIf(asked -> asked == stream);
        boolean covered = false;
        for (PartitionState state : partitions.values()) {
            synchronized (state) {
                if (state.stream == stream) {
                    covered = true;
                    // No sweep per partition: one sweep below serves them all (a sweep each was
                    // partitions x entries, seconds on a full near cache).
                    state.generation++;
                    partitionsDropped.increment();
                    state.unwatch();
                }
            }
        }
        if (covered) {
            streamsLost.increment();
            entries.asMap().values().removeIf(entry -> entry.generation != entry.state.generation);
        }
    }

    NearCacheStats stats() {
        return new NearCacheStats(hits.sum(), misses.sum(), installs.sum(), installsRefused.sum(),
                invalidations.sum(), gaps.sum(), resets.sum(), streamsLost.sum(), outdatedWatches.sum(),
                partitionsDropped.sum(), entries.estimatedSize());
    }

    private void askWatch(int slot) {
        if (pendingSlots.containsKey(slot)) {
            return;
        }
        Object stream = watches.watch(name, slot);
        if (stream != null) {
            pendingSlots.putIfAbsent(slot, stream);
        }
    }

    /**
     * Under the state's monitor: the partition's owner stamped an identity other than the
     * watched one, so the watch no longer follows the partition (a move or reset whose event has
     * not come, or never will: a member that hears of its move before its own table shows it
     * answers a watch as owner and then never writes there again). Dropped and unwatched: the
     * next miss watches it at the owner the topology names. Without this, such a partition would
     * refuse every install until its stream ended.
     */
    private void watchOutdated(PartitionState state) {
        outdatedWatches.increment();
        drop(state);
        state.unwatch();
    }

    /** Under the state's monitor: every entry and reservation of the partition goes. */
    private void drop(PartitionState state) {
        state.generation++;
        partitionsDropped.increment();
        entries.asMap().values().removeIf(entry -> entry.state == state);
    }

    /** A reserved read: the key, its placeholder, and when the read was sent (for the TTL). */
    static final class Reservation {
        private final ByteBuffer key;
        private final Entry placeholder;
        private final long sentNanos;

        private Reservation(ByteBuffer key, Entry placeholder, long sentNanos) {
            this.key = key;
            this.placeholder = placeholder;
            this.sentNanos = sentNanos;
        }
    }

    /**
     * A cached answer, or a placeholder (no result) while the key is read. Compared by identity:
     * an install replaces exactly its own placeholder.
     */
    private static final class Entry {
        final PartitionState state;
        final long generation;
        final GetResult result;
        final long deadlineNanos;

        Entry(PartitionState state, long generation, GetResult result, long deadlineNanos) {
            this.state = state;
            this.generation = generation;
            this.result = result;
            this.deadlineNanos = deadlineNanos;
        }

        GetResult answer(long now) {
            if (!result.found()) {
                return result;
            }
            // A copy: the caller may change the array it gets.
            long leftMs = result.ttlRemainingMs() == 0 ? 0
                    : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - now));
            return new GetResult(true, result.value().clone(), result.version(), leftMs, false);
        }
    }

    /** Per partition: where it is watched, its identity and last sequence; guarded by its monitor. */
    private static final class PartitionState {
        final int partition;
        /** Bumped by every drop; an entry of an older generation is never served. */
        volatile long generation;
        Object stream;
        long identity;
        long lastSequence;
        /** The sequence the watch (or the identity) began at: stamps below it are refused. */
        long watchSequence;

        PartitionState(int partition) {
            this.partition = partition;
        }

        boolean watching() {
            return stream != null;
        }

        void watch(Object on, long partitionId, long sequence) {
            stream = on;
            identity = partitionId;
            lastSequence = sequence;
            watchSequence = sequence;
        }

        void unwatch() {
            stream = null;
            identity = 0;
        }
    }
}
