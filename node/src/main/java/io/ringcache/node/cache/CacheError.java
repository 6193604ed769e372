package io.ringcache.node.cache;

/**
 * Every way a cache operation can fail, independent of protocol. Each protocol adapter maps
 * these to its wire (gRPC status, HTTP status and JSON code, RESP error prefix) in exactly one
 * place. The {@link #code()} is stable: clients and dashboards may match on it.
 */
public enum CacheError {
    /** The request breaks a limit or a rule; retrying it unchanged fails again. */
    INVALID_ARGUMENT(false),
    /** The key's current value does not allow the operation (e.g. incrementing text). */
    FAILED_PRECONDITION(false),
    /** The write would add a key to a full owner: a cache that evicts nothing, or a nearly full heap. */
    RESOURCE_EXHAUSTED(false),
    /** The request names a cache the cluster does not know. */
    CACHE_NOT_FOUND(false),
    /** The node cannot serve now (not ready, no quorum, owner silent, write not confirmed on backups); retry. */
    UNAVAILABLE(true),
    /** The request carries no valid credentials. */
    UNAUTHENTICATED(false),
    /** The caller's credentials do not allow the request. */
    PERMISSION_DENIED(false),
    /** A bug or an unexpected failure inside the node. */
    INTERNAL(false);

    private final boolean retryable;

    CacheError(boolean retryable) {
        this.retryable = retryable;
    }

    /** The stable name clients see (HTTP's JSON {@code error}, metric and span status labels). */
    public String code() {
        return name();
    }

    /** Whether the same request may succeed if sent again, on this or another node. */
    public boolean retryable() {
        return retryable;
    }
}
