package io.ringcache.node.config;

/**
 * Split-brain protection, parsed from the {@code split-brain-protection} setting: how many
 * members a node must see to serve.
 *
 * @param mode          automatic, off, or a fixed minimum
 * @param fixedMinimum  for {@link Mode#FIXED}: the least number of members that serves
 */
public record QuorumSpec(Mode mode, int fixedMinimum) {

    /** Smallest expected cluster size the automatic mode protects: a 2-node cluster cannot tell a split from a crash. */
    public static final int AUTO_FROM_MEMBERS = 3;

    /** The kinds of protection. */
    public enum Mode {
        /** A strict majority of the expected members, once the cluster is expected to have 3 or more. */
        AUTO,
        /** Every member serves whatever it sees. */
        OFF,
        /** At least {@code fixedMinimum} members. */
        FIXED
    }

    /** Parses {@code auto}, {@code off} or a whole number of members (2 or more). */
    public static QuorumSpec parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (value) {
            case "auto":
                return new QuorumSpec(Mode.AUTO, 0);
            case "off":
                return new QuorumSpec(Mode.OFF, 0);
            default:
                if (!value.matches("[+-]?\\d+")) {
                    throw new IllegalArgumentException("is not auto, off or a number of members");
                }
                int minimum;
                try {
                    minimum = WholeNumbers.parseInt(value, 2, 1000);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("must be auto, off, or between 2 and 1000 members");
                }
                return new QuorumSpec(Mode.FIXED, minimum);
        }
    }
}
