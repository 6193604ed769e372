package io.ringcache.node.cache;

/** When a put applies. */
public enum WriteCondition {
    ALWAYS,
    IF_ABSENT,
    IF_PRESENT,
    /** Only if the key exists with the expected version: compare-and-set on the owner. */
    IF_VERSION;

    /** Whether a write under this condition applies to a key at {@code currentVersion} (0 = absent). */
    public boolean holds(long currentVersion, long expectedVersion) {
        return switch (this) {
            case ALWAYS -> true;
            case IF_ABSENT -> currentVersion == 0;
            case IF_PRESENT -> currentVersion != 0;
            case IF_VERSION -> currentVersion != 0 && currentVersion == expectedVersion;
        };
    }
}
