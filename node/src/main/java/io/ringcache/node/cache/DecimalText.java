package io.ringcache.node.cache;

/** Strict decimal int64 text, as Redis's INCR accepts it: an optional '-', then digits, nothing else. */
public final class DecimalText {

    private static final int MAX_CHARS = 20; // "-9223372036854775808"

    private DecimalText() {
    }

    /** The number in {@code bytes[from..]}, or null when it is not a decimal int64. */
    public static Long parse(byte[] bytes, int from) {
        int length = bytes.length - from;
        if (length == 0 || length > MAX_CHARS) {
            return null;
        }
        boolean negative = bytes[from] == '-';
        int digitsFrom = negative ? from + 1 : from;
        if (digitsFrom == bytes.length) {
            return null;
        }
        long value = 0;
        for (int i = digitsFrom; i < bytes.length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            // Accumulate negatively: the negative range is one larger than the positive.
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? null : -value;
    }
}
