package io.ringcache.node.store;

/**
 * Every way a cache operation can fail, independent of protocol. Each adapter maps these to
 * its own wire statuses in exactly one place.
 */
public enum CacheError {
    /** The request breaks a limit or a rule; retrying it unchanged fails again. */
    INVALID_ARGUMENT,
    /** The key's current value does not allow the operation (e.g. incrementing text). */
    FAILED_PRECONDITION,
    /** The write would add a key to a full owner: a cache that evicts nothing, or a nearly full heap. */
    RESOURCE_EXHAUSTED,
    /** The request names a cache the cluster does not know. */
    CACHE_NOT_FOUND,
    /** The node cannot serve now (not ready, write not confirmed on backups); retry. */
    UNAVAILABLE,
    /** A bug or an unexpected failure inside the node. */
    INTERNAL
}
