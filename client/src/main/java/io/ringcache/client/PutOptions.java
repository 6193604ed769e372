package io.ringcache.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When a put applies and how long the value lives. Immutable: every method returns a new
 * instance. Start from {@link #always()}, {@link #ifAbsent()}, {@link #ifPresent()} or
 * {@link #ifVersion(long)}, then add {@link #ttl(Duration)}.
 *
 * <p>The condition also decides whether the client retries the put after {@code UNAVAILABLE} or
 * a lost connection (see {@link AsyncCache}): {@code IF_ABSENT} and {@code IF_VERSION} are
 * retried, since a retry can never overwrite a later write; {@code ALWAYS} and
 * {@code IF_PRESENT} only when the request surely never reached a node.
 */
public final class PutOptions {

    /** When a put applies. */
    public enum Condition {
        /** Always write. */
        ALWAYS,
        /** Write only if the key does not exist. */
        IF_ABSENT,
        /** Write only if the key exists. */
        IF_PRESENT,
        /** Write only if the key exists with the expected version (compare-and-set). */
        IF_VERSION
    }

    private static final PutOptions ALWAYS = new PutOptions(Condition.ALWAYS, 0, Duration.ZERO);

    private final Condition condition;
    private final long expectedVersion;
    private final Duration ttl;

    private PutOptions(Condition condition, long expectedVersion, Duration ttl) {
        this.condition = condition;
        this.expectedVersion = expectedVersion;
        this.ttl = ttl;
    }

    /** @return an unconditional put with the cache's default TTL */
    public static PutOptions always() {
        return ALWAYS;
    }

    /** @return a put that writes only if the key does not exist */
    public static PutOptions ifAbsent() {
        return new PutOptions(Condition.IF_ABSENT, 0, Duration.ZERO);
    }

    /** @return a put that writes only if the key exists */
    public static PutOptions ifPresent() {
        return new PutOptions(Condition.IF_PRESENT, 0, Duration.ZERO);
    }

    /**
     * A compare-and-set.
     *
     * @param expectedVersion the version the key must have, positive (from {@link GetResult#version()}
     *                        or {@link PutResult#version()})
     * @return a put that writes only if the key has that version
     * @throws IllegalArgumentException if {@code expectedVersion} is not positive
     */
    public static PutOptions ifVersion(long expectedVersion) {
        if (expectedVersion <= 0) {
            throw new IllegalArgumentException("expected version must be positive, not " + expectedVersion);
        }
        return new PutOptions(Condition.IF_VERSION, expectedVersion, Duration.ZERO);
    }

    /**
     * The same condition with a time to live.
     *
     * @param ttl the time to live, counted from the write, whole milliseconds; zero means the
     *            cache's default TTL
     * @return new options
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public PutOptions ttl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, not " + ttl);
        }
        return new PutOptions(condition, expectedVersion, ttl);
    }

    /** @return the condition */
    public Condition condition() {
        return condition;
    }

    /** @return the expected version of {@link Condition#IF_VERSION}, else 0 */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** @return the time to live; zero means the cache's default */
    public Duration ttl() {
        return ttl;
    }

    /**
     * @return whether a put with these options is retried after UNAVAILABLE or a lost connection
     *         even when it may have reached a node
     */
    public boolean retried() {
        return condition == Condition.IF_ABSENT || condition == Condition.IF_VERSION;
    }

    @Override
    public String toString() {
        return "PutOptions[" + condition + (condition == Condition.IF_VERSION ? " " + expectedVersion : "")
                + ", ttl " + ttl + "]";
    }
}
