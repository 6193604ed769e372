package io.ringcache.node.config;

import java.util.Locale;

/**
 * What happens to the entries of the smaller side when a split cluster becomes one again,
 * from the {@code merge-policy} setting.
 */
public enum MergePolicy {
    /**
     * The default. Keys only the smaller side has are added; where both sides have a key, the
     * larger side's value stands. Partitions whose every copy was on the smaller side (lost to
     * the larger side during the split) come back whole, so nothing written before the split
     * is lost. A key the larger side deleted stays deleted: its tombstone counts as present, for
     * {@code deleted-key-retention}; a split longer than that can bring it back.
     */
    PUT_IF_ABSENT,
    /**
     * The smaller side's entries are dropped; the larger side's data stands. No deleted key
     * comes back, but partitions the larger side lost during the split stay lost.
     */
    DISCARD;

    /** Parses {@code put-if-absent} or {@code discard}. */
    public static MergePolicy parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "discard" -> DISCARD;
            case "put-if-absent" -> PUT_IF_ABSENT;
            default -> throw new IllegalArgumentException("is not put-if-absent or discard");
        };
    }
}
