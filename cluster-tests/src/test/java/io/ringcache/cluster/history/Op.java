package io.ringcache.cluster.history;

/**
 * One call on a key of the versioned register, as a client issued it (the key itself is kept on
 * the {@link Operation}). Values are strings: the node stores bytes, and Increment reads and
 * writes them as decimal text, so a string is the simplest faithful value.
 */
public sealed interface Op {

    /** Get: answers absent, or the value and its version. */
    record Get() implements Op {
    }

    /** Put under a condition; {@code expectedVersion} matters only for {@link Condition#IF_VERSION}. */
    record Put(String value, Condition condition, long expectedVersion) implements Op {
    }

    /** Delete: unconditional when {@code expectedVersion} is 0, else only at that version. */
    record Delete(long expectedVersion) implements Op {
    }

    /** Increment by {@code delta}; a missing key counts as {@code initial}. */
    record Increment(long delta, long initial) implements Op {
    }

    /** The node's write conditions (node: {@code cache/WriteCondition}). */
    enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT, IF_VERSION }

    static Op get() {
        return new Get();
    }

    static Op put(String value) {
        return new Put(value, Condition.ALWAYS, 0);
    }

    static Op putIfVersion(String value, long expectedVersion) {
        return new Put(value, Condition.IF_VERSION, expectedVersion);
    }

    static Op putIfAbsent(String value) {
        return new Put(value, Condition.IF_ABSENT, 0);
    }

    static Op putIfPresent(String value) {
        return new Put(value, Condition.IF_PRESENT, 0);
    }

    static Op delete() {
        return new Delete(0);
    }

    static Op deleteIfVersion(long expectedVersion) {
        return new Delete(expectedVersion);
    }

    static Op increment(long delta) {
        return new Increment(delta, 0);
    }

    /** Whether the op can change the register (a Get never does). */
    default boolean isWrite() {
        return !(this instanceof Get);
    }
}
