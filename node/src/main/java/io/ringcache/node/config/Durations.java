package io.ringcache.node.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in settings: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** Longer than any setting allows: a number too large to hold reads as this, so the range check names the range. */
    private static final Duration BEYOND_ANY_RANGE = Duration.ofDays(365L * 1_000_000);

    private Durations() {
    }

    /**
     * Parses {@code <number><ms|s|m|h>}. A number of more than 12 digits (beyond every setting's
     * range, and where hours would overflow) reads as a million years, for the caller's range check.
     */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a duration (like 500ms, 5s, 2m, 1h)");
        }
        if (m.group(1).length() > 12) {
            return BEYOND_ANY_RANGE;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** The shortest text {@link #parse} reads back as this duration. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
