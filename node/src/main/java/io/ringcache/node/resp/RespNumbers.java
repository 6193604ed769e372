package io.ringcache.node.resp;

import io.ringcache.node.cache.DecimalText;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** Numbers as Redis reads and writes them in arguments and values. */
final class RespNumbers {

    private RespNumbers() {
    }

    /**
     * A strict decimal int64 as Redis's {@code string2ll} reads it: an optional '-', digits, no
     * leading zeros, no spaces or '+'; null otherwise.
     */
    static Long parseLong(byte[] bytes) {
        // DecimalText's int64 (what counters hold), without the leading zeros it allows.
        int first = bytes.length > 0 && bytes[0] == '-' ? 1 : 0;
        if (bytes.length > first + 1 && bytes[first] == '0' || (first == 1 && bytes.length == 2 && bytes[1] == '0')) {
            return null;
        }
        return DecimalText.parse(bytes, 0);
    }

    /** A double as Redis's {@code string2ld} reads it (no spaces, no NaN; infinity allowed); null otherwise. */
    static Double parseDouble(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > 5120) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last) || text.indexOf('\0') >= 0) {
            return null;
        }
        // strtold takes "inf" and "infinity" in any case, signed; Java only "Infinity". Checked before
        // the suffixes below, as "inf" ends in one.
        String unsigned = first == '+' || first == '-' ? text.substring(1) : text;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return first == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        // Java's parser takes "1d" and "0x1p3"; Redis's strtold does not take the suffixes.
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || unsigned.startsWith("I") || (value == 0 && underflows(text))) {
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the text has a nonzero digit before any exponent: a zero double then means underflow. */
    private static boolean underflows(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E' || c == 'p' || c == 'P') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Significant digits of INCRBYFLOAT's answer, as Redis's {@code %.17Lg}. */
    private static final MathContext DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    /**
     * INCRBYFLOAT's sum of two numbers Redis accepts as floats, as decimal text: computed in
     * decimal, so 0.1 + 0.2 is 0.3 as Redis's long double arithmetic prints it, not binary
     * double's 0.30000000000000004. {@code approximate} is the sum in doubles: only whether it is
     * finite counts.
     */
    static byte[] add(byte[] base, byte[] increment, double approximate) {
        if (!Double.isFinite(approximate)) {
            throw new RespError("ERR increment would produce NaN or Infinity");
        }
        BigDecimal sum;
        try {
            // Rounded as it is added: an exact sum of 1 and 1e-100000000 would build a 10^8-digit number.
            sum = new BigDecimal(new String(base, StandardCharsets.US_ASCII))
                    .add(new BigDecimal(new String(increment, StandardCharsets.US_ASCII)), DIGITS);
        } catch (NumberFormatException e) {
            // Forms a double takes and BigDecimal does not (hex floats): the double sum.
            return formatDouble(approximate).getBytes(StandardCharsets.US_ASCII);
        }
        if (sum.signum() == 0) {
            return new byte[] {'0'};
        }
        return sum.stripTrailingZeros().toPlainString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A double as INCRBYFLOAT answers it: plain decimal, no exponent, no trailing zeros, never "-0". */
    static String formatDouble(double value) {
        if (value == 0) {
            return "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        String text = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return text;
    }
}
