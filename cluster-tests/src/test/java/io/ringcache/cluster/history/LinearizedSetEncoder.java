package io.ringcache.cluster.history;

import java.util.Arrays;

/**
 * A compact, canonical form of the set of linearized ops, for the search's memo. Ops are indexed
 * in invoke order, so a set reached by the search is mostly "everything before some point": it is
 * stored as the watermark (the first acknowledged op not linearized), the unknown ops below it
 * that are not linearized, and the ops from it on that are. That is a few dozen ints where the
 * bitset of a 60 s history's key would be kilobytes per configuration. Two sets encode equally
 * iff they are equal.
 */
final class LinearizedSetEncoder {

    private final long[] acknowledged;
    private final int size;
    private int[] buffer = new int[64];
    private int length;

    /** @param acknowledged bit i set when op i is acknowledged (not unknown) */
    LinearizedSetEncoder(long[] acknowledged, int size) {
        this.acknowledged = acknowledged;
        this.size = size;
    }

    int[] encode(long[] linearized) {
        int words = linearized.length;
        int word = 0;
        while (word < words && (~linearized[word] & acknowledged[word]) == 0) {
            word++;
        }
        int watermark = word == words ? size
                : word * 64 + Long.numberOfTrailingZeros(~linearized[word] & acknowledged[word]);
        length = 0;
        add(watermark);
        for (int w = 0; w < words && w * 64 < watermark; w++) {
            long pendingUnknown = ~linearized[w] & ~acknowledged[w] & below(watermark - w * 64);
            addEach(pendingUnknown, w);
        }
        add(-1);
        for (int w = watermark / 64; w < words; w++) {
            long done = linearized[w] & (w == watermark / 64 ? ~below(watermark - w * 64) : -1L);
            addEach(done, w);
        }
        return Arrays.copyOf(buffer, length);
    }

    /** The bits below position {@code bits} of a word (all when 64 or more). */
    private static long below(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    private void addEach(long bits, int word) {
        while (bits != 0) {
            add(word * 64 + Long.numberOfTrailingZeros(bits));
            bits &= bits - 1;
        }
    }

    private void add(int value) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, length * 2);
        }
        buffer[length++] = value;
    }
}
