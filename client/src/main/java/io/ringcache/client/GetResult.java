package io.ringcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a read found for one key.
 *
 * @param found           whether the key exists (and has not expired)
 * @param value           the value; empty when not found
 * @param version         the key's version: 1 after its first write, one more after every write
 *                        since; 0 when not found
 * @param ttlRemainingMs  milliseconds until the key expires; 0 when it never expires or is not found
 * @param possiblyLost    not found, and the key's partition recently lost every copy of its data:
 *                        the key may have existed, so treat the miss as one you cannot trust
 */
public record GetResult(boolean found, byte[] value, long version, long ttlRemainingMs, boolean possiblyLost) {

    /** The answer for a key that does not exist. */
    public static final GetResult MISSING = new GetResult(false, new byte[0], 0, 0, false);

    /** @return the value decoded as UTF-8, or {@code null} when the key was not found */
    public String valueAsString() {
        return found ? new String(value, StandardCharsets.UTF_8) : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GetResult that && found == that.found && version == that.version
                && ttlRemainingMs == that.ttlRemainingMs && possiblyLost == that.possiblyLost
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return found ? "GetResult[found, " + value.length + " bytes, version " + version + ", ttl " + ttlRemainingMs
                + " ms]" : possiblyLost ? "GetResult[not found, possibly lost]" : "GetResult[not found]";
    }
}
