package io.ringcache.node.cache;

import io.ringcache.node.config.NodeConfig;

import java.util.concurrent.TimeUnit;

/** The size and range rules every request meets before it reaches a store, whatever its protocol. */
public final class RequestLimits {

    /**
     * Hazelcast keeps expiry times as whole seconds in an int counted from 2018, so absolute
     * expiries must stay well before 2086; ten years is refused rather than silently truncated.
     */
    public static final long MAX_TTL_MS = TimeUnit.DAYS.toMillis(3650);

    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final int maxBatchKeys;

    /** The limits a node with {@code config} applies. */
    public static RequestLimits of(NodeConfig config) {
        return new RequestLimits(config.maxKeyBytes(), config.maxValueBytes(), config.maxBatchKeys());
    }

    public RequestLimits(int maxKeyBytes, int maxValueBytes, int maxBatchKeys) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        this.maxBatchKeys = maxBatchKeys;
    }

    public void checkBatch(int keys) {
        if (keys > maxBatchKeys) {
            throw invalid("the batch has " + keys + " keys; the limit is " + maxBatchKeys);
        }
    }

    public void checkKey(CacheKey key) {
        if (key.isEmpty()) {
            throw invalid("key must not be empty");
        }
        if (key.bytes().length > maxKeyBytes) {
            throw invalid("key is " + key.bytes().length + " bytes; the limit is " + maxKeyBytes);
        }
    }

    public void checkValue(byte[] value) {
        if (value.length > maxValueBytes) {
            throw invalid("value is " + value.length + " bytes; the limit is " + maxValueBytes);
        }
    }

    public void checkTtl(long ttlMs) {
        if (ttlMs < 0) {
            throw invalid("the TTL must not be negative, was " + ttlMs + " ms");
        }
        if (ttlMs > MAX_TTL_MS) {
            throw invalid("the TTL of " + ttlMs + " ms is over the limit of " + MAX_TTL_MS + " ms");
        }
    }

    public void checkCondition(WriteCondition condition, long expectedVersion) {
        if (expectedVersion < 0) {
            throw invalid("the expected version must not be negative, was " + expectedVersion);
        }
        if (condition == WriteCondition.IF_VERSION && expectedVersion == 0) {
            throw invalid("condition IF_VERSION needs a positive expected version");
        }
    }

    private static CacheException invalid(String message) {
        return new CacheException(CacheError.INVALID_ARGUMENT, message);
    }
}
