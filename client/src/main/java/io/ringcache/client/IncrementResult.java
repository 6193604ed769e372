package io.ringcache.client;

/**
 * What an increment did.
 *
 * @param value   the counter after the call
 * @param version the key's version after the call (an increment is a write)
 */
public record IncrementResult(long value, long version) {
}
