package io.ringcache.node.store;

import java.util.concurrent.TimeUnit;

/** The size and range rules every request meets before it reaches a map. */
final class RequestLimits {

    /**
     * Hazelcast keeps expiry times as whole seconds in an int counted from 2018, so absolute
     * expiries must stay well before 2086; ten years is refused rather than silently truncated.
     */
    static final long MAX_TTL_MS = TimeUnit.DAYS.toMillis(3650);

    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final int maxBatchKeys;

    RequestLimits(int maxKeyBytes, int maxValueBytes, int maxBatchKeys) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        this.maxBatchKeys = maxBatchKeys;
    }

    void checkBatch(int keys) {
        if (keys > maxBatchKeys) {
            throw invalid("the batch has " + keys + " keys; the limit is " + maxBatchKeys);
        }
    }

    void checkKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw invalid("key must not be empty");
        }
        if (key.length > maxKeyBytes) {
            throw invalid("key is " + key.length + " bytes; the limit is " + maxKeyBytes);
        }
    }

    void checkValue(byte[] value) {
        if (value.length > maxValueBytes) {
            throw invalid("value is " + value.length + " bytes; the limit is " + maxValueBytes);
        }
    }

    void checkTtl(long ttlMs) {
        if (ttlMs < 0) {
            throw invalid("ttl_ms must not be negative, was " + ttlMs);
        }
        if (ttlMs > MAX_TTL_MS) {
            throw invalid("ttl_ms " + ttlMs + " is over the limit of " + MAX_TTL_MS);
        }
    }

    void checkCondition(WriteCondition condition, long expectedVersion) {
        if (expectedVersion < 0) {
            throw invalid("expected_version must not be negative, was " + expectedVersion);
        }
        if (condition == WriteCondition.IF_VERSION && expectedVersion == 0) {
            throw invalid("condition IF_VERSION needs a positive expected_version");
        }
    }

    private static CacheException invalid(String message) {
        return new CacheException(CacheError.INVALID_ARGUMENT, message);
    }
}
