package io.ringcache.node.store;

/**
 * The answer to a read.
 *
 * @param value          the value, or null when not found
 * @param version        the key's version, 0 when not found
 * @param ttlRemainingMs milliseconds until expiry; 0 = never expires (or not found)
 */
public record Lookup(byte[] value, long version, long ttlRemainingMs) {

    public static final Lookup MISS = new Lookup(null, 0, 0);

    public boolean found() {
        return value != null;
    }
}
