package io.ringcache.node.cache;

/**
 * The answer to a conditional write.
 *
 * @param applied whether the write happened
 * @param version the new version when applied, else the current one (0 = absent)
 */
public record WriteResult(boolean applied, long version) {
}
