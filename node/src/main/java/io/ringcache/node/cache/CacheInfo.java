package io.ringcache.node.cache;

import io.ringcache.node.config.CacheSettings;

/**
 * A cache's settings and what this node holds of it.
 *
 * @param settings      the cache's settings
 * @param ownedEntries  entries this node owns (primary copies)
 * @param backupEntries backup copies this node holds for other owners
 * @param ownedBytes    heap the owned entries take on this node
 * @param hits          reads of owned entries that found a value
 * @param reads         read operations on owned entries
 * @param writes        write operations on owned entries
 * @param removals      remove operations on owned entries
 * @param evictions     entries evicted on this node to keep the cache within its limits
 * @param expirations   entries removed on this node because their TTL or max idle passed
 */
public record CacheInfo(CacheSettings settings, long ownedEntries, long backupEntries, long ownedBytes, long hits,
                        long reads, long writes, long removals, long evictions, long expirations) {
}
