package io.ringcache.node.cache;

/** A cache operation failed for a reason a client can act on; the message is for people. */
public final class CacheException extends RuntimeException {

    private final CacheError error;

    public CacheException(CacheError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public CacheException(CacheError error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
    }

    public CacheError error() {
        return error;
    }
}
