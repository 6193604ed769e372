package io.ringcache.node.cache;

/**
 * The answer to a read.
 *
 * @param value          the value, or null when not found
 * @param version        the key's version, 0 when not found
 * @param ttlRemainingMs milliseconds until expiry; 0 = never expires (or not found)
 * @param possiblyLost   not found, and the key's partition recently lost every copy of its
 *                       data: the key may have existed
 */
public record Lookup(byte[] value, long version, long ttlRemainingMs, boolean possiblyLost) {

    public static final Lookup MISS = new Lookup(null, 0, 0, false);
    public static final Lookup POSSIBLY_LOST_MISS = new Lookup(null, 0, 0, true);

    public Lookup(byte[] value, long version, long ttlRemainingMs) {
        this(value, version, ttlRemainingMs, false);
    }

    public boolean found() {
        return value != null;
    }
}
