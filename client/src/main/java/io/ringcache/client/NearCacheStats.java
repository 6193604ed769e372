package io.ringcache.client;

/**
 * Counters of one near cache since the client started; a snapshot, read with
 * {@link AsyncCache#nearCacheStats()}.
 *
 * @param hits              reads answered from the near cache
 * @param misses            reads that went to the cluster
 * @param installs          answers of those reads kept in the near cache
 * @param installsRefused   answers not kept because the key may have changed while they were read
 *                          (an invalidation, reset, gap or stream end came first, or the answer
 *                          was not stamped by the partition's watched owner)
 * @param invalidations     invalidation events applied (each removes one key)
 * @param gapsDetected      events that did not follow the previous one (a missed or reordered event,
 *                          or a new partition identity): each drops its partition's entries
 * @param resets            partition resets received (MOVED, LOST, CLEARED): each drops its partition
 * @param streamsLost       invalidation streams that ended: each drops the partitions it watched
 * @param outdatedWatches   answers stamped by the partition's owner under another identity than the
 *                          watched one (its move or reset seen before its event): each drops the
 *                          partition and watches it again on the next miss
 * @param partitionsDropped partitions whose entries were dropped, for any of the reasons above
 * @param size              entries held now (approximate)
 */
public record NearCacheStats(long hits, long misses, long installs, long installsRefused, long invalidations,
                             long gapsDetected, long resets, long streamsLost, long outdatedWatches,
                             long partitionsDropped, long size) {

    /** @return hits over reads, 0 when there was no read */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }
}
