package io.ringcache.node.store;

/**
 * The answer to a conditional write.
 *
 * @param applied whether the write happened
 * @param version the new version when applied, else the current one (0 = absent)
 */
public record WriteResult(boolean applied, long version) {

    /**
     * Decodes the single long a write processor returns: positive is the new version of an
     * applied write; zero or negative is a write not applied, with the current version negated.
     * One boxed long is the cheapest reply Hazelcast carries back from the owner.
     */
    static WriteResult decode(long outcome) {
        if (outcome == FULL) {
            throw new CacheException(CacheError.RESOURCE_EXHAUSTED,
                    "the key's owner is full: the cache's size limit (eviction NONE) or the node's heap limit");
        }
        return outcome > 0 ? new WriteResult(true, outcome) : new WriteResult(false, -outcome);
    }

    /** The outcome of a write refused because a cache that evicts nothing is full. */
    static final long FULL = Long.MIN_VALUE;

    static long applied(long newVersion) {
        return newVersion;
    }

    static long notApplied(long currentVersion) {
        return -currentVersion;
    }
}
