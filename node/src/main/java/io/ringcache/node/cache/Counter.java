package io.ringcache.node.cache;

/**
 * A counter after an increment.
 *
 * @param value   the counter's value
 * @param version the key's version after the increment
 */
public record Counter(long value, long version) {
}
