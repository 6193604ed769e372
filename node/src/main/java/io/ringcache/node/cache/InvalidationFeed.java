package io.ringcache.node.cache;

/**
 * Invalidations for near caches (docs/near-cache.md): per (cache, partition), an identity and
 * a sequence kept on the partition's owner, bumped by every write the owner applies, and the
 * listeners that watch the partition there. Protocol-neutral; the store implements it.
 */
public interface InvalidationFeed {

    /** Why a partition's cached entries must all be dropped. */
    enum Reset {
        /** This node no longer owns the partition: nothing more comes for it from here. */
        MOVED,
        /** Every copy of the partition's data was lost; it continues under a new identity. */
        LOST,
        /** The whole cache was cleared; it continues under a new identity. */
        CLEARED
    }

    /**
     * The answer to a watch.
     *
     * @param owned       whether this node owns the partition (if not, nothing was watched)
     * @param partitionId the partition's identity here (non-zero when owned)
     * @param sequence    its sequence now: the next invalidation carries {@code sequence + 1}
     */
    record Watch(int partition, int firstSlot, int lastSlot, boolean owned, long partitionId, long sequence) {
    }

    /**
     * Told of a watched partition's events, in sequence order per partition. Called on the
     * owner's partition threads (or a Hazelcast event thread for resets): must only hand the
     * event over, never block.
     */
    interface Listener {
        /** {@code key} of {@code partition} was written; {@code sequence} is one more than the last. */
        void invalidated(String cache, int partition, long partitionId, long sequence, byte[] key);

        /** Drop what {@code partition} cached; it continues at {@code partitionId}, {@code sequence} (0 for MOVED). */
        void reset(String cache, int partition, Reset reason, long partitionId, long sequence);
    }

    /**
     * Watches the partition holding {@code slot} for {@code listener}, if this node owns it.
     * Every write applied after the returned sequence reaches the listener, none before.
     *
     * @param cache the cache's name; empty means {@code default}
     * @throws CacheException CACHE_NOT_FOUND for an unknown cache, INVALID_ARGUMENT for a slot
     *                        outside 0..16383
     */
    Watch watch(String cache, int slot, Listener listener);

    /**
     * The identity and sequence of the partition holding {@code slot}, now: taken before a read,
     * every write the read may miss has a higher sequence. Identity 0 when this node does not
     * own the partition.
     *
     * @throws CacheException as {@link #watch} does
     */
    Stamp stamp(String cache, int slot);

    /** A partition's place in its invalidations (identity 0: not owned here). */
    record Stamp(int partition, long partitionId, long sequence) {
    }

    /** Stops watching the partition holding {@code slot}; nothing if not watched. */
    void unwatch(String cache, int slot, Listener listener);

    /** Stops every watch of {@code listener} (its stream ended). */
    void unwatchAll(Listener listener);

    /**
     * Test hook: the next write to {@code cache}'s {@code partition} bumps the sequence but is
     * not delivered to any listener, so a client must see a gap.
     */
    void dropNext(String cache, int partition);

    /** A feed that watches nothing: every partition answers not owned. */
    InvalidationFeed NONE = new InvalidationFeed() {
        @Override
        public Watch watch(String cache, int slot, Listener listener) {
            return new Watch(0, slot, slot, false, 0, 0);
        }

        @Override
        public Stamp stamp(String cache, int slot) {
            return new Stamp(0, 0, 0);
        }

        @Override
        public void unwatch(String cache, int slot, Listener listener) {
        }

        @Override
        public void unwatchAll(Listener listener) {
        }

        @Override
        public void dropNext(String cache, int partition) {
        }
    };
}
