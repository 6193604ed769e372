package io.ringcache.node.cache;

/** A cache operation failed for a reason a client can act on; the message is for people. */
public final class CacheException extends RuntimeException {

    /** Crosses members when an owner's entry processor refuses (Java-serialized, allow-listed). */
    private static final long serialVersionUID = 1L;

    private final CacheError error;
    private final boolean nodeNotServing;

    public CacheException(CacheError error, String message) {
        this(error, message, false);
    }

    private CacheException(CacheError error, String message, boolean nodeNotServing) {
        super(message, null, false, false);
        this.error = error;
        this.nodeNotServing = nodeNotServing;
    }

    /**
     * The node serves no cache operation at all now (starting, draining, no quorum): an
     * {@link CacheError#UNAVAILABLE} that a client should take to another node rather than retry here.
     */
    public static CacheException notServing(String message) {
        return new CacheException(CacheError.UNAVAILABLE, message, true);
    }

    public CacheException(CacheError error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
        this.nodeNotServing = false;
    }

    public CacheError error() {
        return error;
    }

    /** Whether this is a {@link #notServing} refusal. */
    public boolean nodeNotServing() {
        return nodeNotServing;
    }
}
