package io.ringcache.node.config;

import java.time.Duration;

/**
 * One named cache's settings, from the {@code caches:} section of the config file.
 *
 * @param name              the cache's name (letters, digits, '.', '_', '-'; at most 64)
 * @param defaultTtl        TTL of writes that give none ({@code ttl_ms} 0); zero = never expire
 * @param maxIdle           an entry neither read nor written for this long expires; zero = never
 * @param maxEntriesPerNode most entries one node holds (0 = no entry limit)
 * @param maxHeapPerNodeMb  most heap, in MiB, this cache's entries take on one node (0 = no limit)
 * @param eviction          what happens at a limit: LRU or LFU evict, NONE refuses new keys
 * @param backups           synchronous backup copies (0-6)
 * @param asyncBackups      asynchronous backup copies, not waited for (backups + async at most 6)
 * @param readFromBackup    whether a node holding a backup copy may answer reads from it
 *                          (faster, possibly a moment stale)
 * @param linearizableReads whether a read answers only what the key's synchronous backups hold
 *                          too: it waits for their acknowledgement, as a write does, so a value a
 *                          write left unconfirmed (an owner cut off from its backup) is never read
 *                          and then lost; reads cost about what writes do
 * @param lostPartitionFence for how long after one of its partitions lost every copy (more
 *                          members failed at once than the cache has backups) the cache refuses
 *                          that partition's keys, reads and writes, with UNAVAILABLE instead of
 *                          answering them from an empty partition; a split that heals within it
 *                          merges the other side's copies back untouched. Zero (the default)
 *                          serves such keys at once, as misses flagged {@code possibly_lost}
 */
public record CacheSettings(String name, Duration defaultTtl, Duration maxIdle, int maxEntriesPerNode,
                            int maxHeapPerNodeMb, Eviction eviction, int backups, int asyncBackups,
                            boolean readFromBackup, boolean linearizableReads,
                            Duration lostPartitionFence) {

    /** The cache that always exists. */
    public static final String DEFAULT_NAME = "default";

    /** What a cache does when it reaches its size limit. */
    public enum Eviction {
        /** Evict the least recently used entries. */
        LRU,
        /** Evict the least frequently used entries. */
        LFU,
        /** Evict nothing: a write that would add a key to a full cache fails (RESOURCE_EXHAUSTED). */
        NONE
    }

    /** A cache with no limits, no expiry and the node's backup count. */
    public static CacheSettings unlimited(String name, int backups) {
        return new CacheSettings(name, Duration.ZERO, Duration.ZERO, 0, 0, Eviction.NONE, backups, 0, false, false,
                Duration.ZERO);
    }

    /** Whether the cache refuses the keys of a partition that lost every copy, for a while. */
    public boolean fencesLostPartitions() {
        return !lostPartitionFence.isZero();
    }

    /** Whether the cache has a size limit. */
    public boolean isBounded() {
        return maxEntriesPerNode > 0 || maxHeapPerNodeMb > 0;
    }
}
