package io.ringcache.node.config;

import java.util.Locale;

/**
 * What happens to the entries of the smaller side when a split cluster becomes one again,
 * from the {@code merge-policy} setting.
 */
public enum MergePolicy {
    /**
     * The smaller side's entries are dropped; the larger side's data stands. With split-brain
     * protection the smaller side refused writes, so nothing the majority acknowledged is lost
     * and no key deleted or overwritten on the majority comes back.
     */
    DISCARD,
    /**
     * Keys only the smaller side has are added; where both have a key, the larger side's
     * value stands. Keeps more data, but a key deleted on the larger side can come back.
     */
    PUT_IF_ABSENT;

    /** Parses {@code discard} or {@code put-if-absent}. */
    public static MergePolicy parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "discard" -> DISCARD;
            case "put-if-absent" -> PUT_IF_ABSENT;
            default -> throw new IllegalArgumentException("is not discard or put-if-absent");
        };
    }
}
