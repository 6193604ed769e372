package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Lookup;

import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence of
 * two values, with Redis's dynamic programme and its walk back for the matched ranges, so the
 * ranges come out as Redis reports them.
 */
final class Lcs {

    /** The table of lengths is (|a|+1)(|b|+1) ints; larger is refused rather than risk the heap. */
    private static final long MAX_CELLS = 8L * 1024 * 1024;

    private Lcs() {
    }

    private record Match(long aStart, long aEnd, long bStart, long bEnd, long length) {
    }

    static void run(RespCall call, CacheStore store) {
        boolean len = false;
        boolean idx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < call.argc(); i++) {
            if (call.is(i, "LEN")) {
                len = true;
            } else if (call.is(i, "IDX")) {
                idx = true;
            } else if (call.is(i, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (call.is(i, "MINMATCHLEN") && i + 1 < call.argc()) {
                minMatchLen = Math.max(0, call.integerArg(i + 1));
                i++;
            } else {
                throw RespError.syntax();
            }
        }
        if (len && idx) {
            throw new RespError("ERR If you want both the length and indexes, please just use IDX.");
        }
        boolean onlyLength = len;
        boolean indexes = idx;
        boolean matchLengths = withMatchLen;
        long minimum = minMatchLen;
        call.reply(store.getMany(call.cache(), StringCommands.keys(call, 1, 1)).map(lookups -> {
            byte[] a = value(lookups.get(0));
            byte[] b = value(lookups.get(1));
            if ((long) (a.length + 1) * (b.length + 1) > MAX_CELLS) {
                throw new RespError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            }
            return new Object[] {a, b};
        }), (writer, pair) -> {
            byte[] a = (byte[]) pair[0];
            byte[] b = (byte[]) pair[1];
            int[] table = table(a, b);
            int width = b.length + 1;
            int length = table[a.length * width + b.length];
            if (onlyLength) {
                writer.integer(length);
                return;
            }
            byte[] common = new byte[length];
            List<Match> matches = walk(a, b, table, common, minimum);
            if (!indexes) {
                writer.bulk(common);
                return;
            }
            writer.map(2);
            writer.bulk("matches");
            writer.array(matches.size());
            for (Match match : matches) {
                writer.array(matchLengths ? 3 : 2);
                writer.array(2).integer(match.aStart()).integer(match.aEnd());
                writer.array(2).integer(match.bStart()).integer(match.bEnd());
                if (matchLengths) {
                    writer.integer(match.length());
                }
            }
            writer.bulk("len").integer(length);
        });
    }

    private static byte[] value(Lookup lookup) {
        return lookup.found() ? lookup.value() : new byte[0];
    }

    private static int[] table(byte[] a, byte[] b) {
        int width = b.length + 1;
        int[] lcs = new int[(a.length + 1) * width];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                lcs[i * width + j] = a[i - 1] == b[j - 1] ? lcs[(i - 1) * width + j - 1] + 1
                        : Math.max(lcs[(i - 1) * width + j], lcs[i * width + j - 1]);
            }
        }
        return lcs;
    }

    /** Fills {@code common} from the end and lists the matched ranges, last first, as Redis walks them. */
    private static List<Match> walk(byte[] a, byte[] b, int[] lcs, byte[] common, long minMatchLen) {
        int width = b.length + 1;
        List<Match> matches = new ArrayList<>();
        int i = a.length;
        int j = b.length;
        int index = common.length;
        int aStart = a.length;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[index - 1] = a[i - 1];
                if (aStart == a.length) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                index--;
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * width + j] > lcs[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLength = aEnd - aStart + 1;
                if (minMatchLen == 0 || matchLength >= minMatchLen) {
                    matches.add(new Match(aStart, aEnd, bStart, bEnd, matchLength));
                }
                aStart = a.length;
            }
        }
        return matches;
    }
}
