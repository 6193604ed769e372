package io.ringcache.node.resp;

/**
 * A Redis glob pattern (KEYS, SCAN MATCH): {@code *} any bytes, {@code ?} one byte,
 * {@code [abc]}, {@code [^a-z]} a class, {@code \} escapes. Matched in O(pattern x key) at
 * worst, with no recursion; like Redis, a pattern with more than {@value #MAX_STARS} stars
 * that are not at its end matches nothing.
 */
final class GlobPattern {

    private static final int MAX_STARS = 1000;

    private final byte[] pattern;
    private final boolean everything;
    private final boolean tooNested;

    GlobPattern(byte[] pattern) {
        this.pattern = pattern;
        this.everything = pattern.length == 1 && pattern[0] == '*';
        int stars = 0;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] == '\\') {
                i++;
            } else if (pattern[i] == '*' && (i == 0 || pattern[i - 1] != '*')) {
                stars++;
            }
        }
        // A trailing star ends the match without going deeper.
        if (pattern.length > 0 && pattern[pattern.length - 1] == '*') {
            stars--;
        }
        this.tooNested = stars > MAX_STARS;
    }

    boolean matchesEverything() {
        return everything;
    }

    boolean matches(byte[] text) {
        if (everything) {
            return true;
        }
        if (tooNested) {
            return false;
        }
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                if (p == pattern.length) {
                    return true;
                }
                starP = p;
                starT = t;
                continue;
            }
            int next = p < pattern.length ? matchOne(p, text[t]) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** If the pattern element at {@code p} matches byte {@code c}: the index after the element; else -1. */
    private int matchOne(int p, byte c) {
        byte element = pattern[p];
        if (element == '?') {
            return p + 1;
        }
        if (element == '[') {
            return matchClass(p + 1, c);
        }
        if (element == '\\' && p + 1 < pattern.length) {
            return pattern[p + 1] == c ? p + 2 : -1;
        }
        return element == c ? p + 1 : -1;
    }

    private int matchClass(int p, byte c) {
        boolean negate = p < pattern.length && pattern[p] == '^';
        if (negate) {
            p++;
        }
        boolean matched = false;
        while (p < pattern.length && pattern[p] != ']') {
            if (pattern[p] == '\\' && p + 1 < pattern.length) {
                matched |= pattern[p + 1] == c;
                p += 2;
            } else if (p + 2 < pattern.length && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
                int from = pattern[p] & 0xff;
                int to = pattern[p + 2] & 0xff;
                if (from > to) {
                    int swap = from;
                    from = to;
                    to = swap;
                }
                int value = c & 0xff;
                matched |= value >= from && value <= to;
                p += 3;
            } else {
                matched |= pattern[p] == c;
                p++;
            }
        }
        // An unclosed class ends at the pattern's end, as in Redis.
        int after = p < pattern.length ? p + 1 : p;
        return matched != negate ? after : -1;
    }
}
