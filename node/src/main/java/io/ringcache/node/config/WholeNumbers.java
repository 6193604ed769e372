package io.ringcache.node.config;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Whole numbers in settings, checked against their range. A number too large for any type is
 * still a number: it gets the range in its message, not "is not a whole number".
 */
final class WholeNumbers {

    private static final Pattern DIGITS = Pattern.compile("[+-]?\\d+");

    private WholeNumbers() {
    }

    /**
     * @return the number in {@code text}
     * @throws IllegalArgumentException saying "is not a whole number" or "must be between min and max"
     */
    static long parse(String text, long min, long max) {
        String value = text == null ? "" : text.trim();
        if (!DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("is not a whole number");
        }
        BigInteger n = new BigInteger(value);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return n.longValue();
    }

    /** {@link #parse} for a range within {@code int}. */
    static int parseInt(String text, int min, int max) {
        return (int) parse(text, min, max);
    }
}
