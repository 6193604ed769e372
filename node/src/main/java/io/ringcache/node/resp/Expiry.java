package io.ringcache.node.resp;

import io.ringcache.node.cache.RequestLimits;

/**
 * Expiry arguments as Redis reads them (EX, PX, EXAT, PXAT; EXPIRE and its kin), with Redis's
 * overflow checks and errors, turned into what the store takes: a TTL in milliseconds from now.
 * The store keeps TTLs of up to ten years; a longer one is kept as ten years (a cache entry that
 * outlives ten years is not a case worth an error).
 */
final class Expiry {

    /** The expiry time is already past: the key is to be removed. */
    static final long EXPIRED = -1;

    private Expiry() {
    }

    /**
     * The TTL for SET's or GETEX's option: {@code amount} must be positive.
     *
     * @param seconds  whether {@code amount} is in seconds (EX, EXAT) rather than milliseconds
     * @param absolute whether it is a Unix time (EXAT, PXAT) rather than a duration
     * @return milliseconds from now, or {@link #EXPIRED}
     */
    static long forWrite(long amount, boolean seconds, boolean absolute, String command, long nowMs) {
        if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
            throw invalid(command);
        }
        long ms = seconds ? amount * 1000 : amount;
        if (!absolute && ms > Long.MAX_VALUE - nowMs) {
            throw invalid(command);
        }
        return ttlFrom(absolute ? ms : nowMs + ms, nowMs);
    }

    /** The TTL for EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT: any {@code amount}; a past time expires the key. */
    static long forExpire(long amount, boolean seconds, boolean absolute, String command, long nowMs) {
        long when = amount;
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalid(command);
            }
            when *= 1000;
        }
        if (!absolute) {
            if (when > Long.MAX_VALUE - nowMs) {
                throw invalid(command);
            }
            when += nowMs;
        }
        return ttlFrom(when, nowMs);
    }

    private static long ttlFrom(long whenMs, long nowMs) {
        if (whenMs <= nowMs) {
            return EXPIRED;
        }
        return Math.min(whenMs - nowMs, RequestLimits.MAX_TTL_MS);
    }

    static RespError invalid(String command) {
        return new RespError("ERR invalid expire time in '" + command + "' command");
    }
}
