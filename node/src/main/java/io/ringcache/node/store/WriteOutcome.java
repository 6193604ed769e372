package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.WriteResult;

/**
 * The single long a write processor returns from the owner: positive is the new version of an
 * applied write; zero or negative is a write not applied, with the current version negated.
 * One boxed long is the cheapest reply Hazelcast carries back.
 */
final class WriteOutcome {

    /** The outcome of a write refused because a cache that evicts nothing is full. */
    static final long FULL = Long.MIN_VALUE;

    private WriteOutcome() {
    }

    static long applied(long newVersion) {
        return newVersion;
    }

    static long notApplied(long currentVersion) {
        return -currentVersion;
    }

    static WriteResult decode(long outcome) {
        if (outcome == FULL) {
            throw new CacheException(CacheError.RESOURCE_EXHAUSTED,
                    "the key's owner is full: the cache's size limit (eviction NONE) or the node's heap limit");
        }
        return outcome > 0 ? new WriteResult(true, outcome) : new WriteResult(false, -outcome);
    }
}
