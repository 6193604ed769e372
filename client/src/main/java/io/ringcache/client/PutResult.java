package io.ringcache.client;

/**
 * What a put did.
 *
 * @param applied whether the write happened; a condition that does not hold is {@code false},
 *                not an error
 * @param version the key's version after the call: the new version when applied, else the
 *                current version (0 when the key does not exist)
 */
public record PutResult(boolean applied, long version) {
}
