package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a small witness for a key whose history is not linearizable.
 *
 * <p>Dropping a write from a history shifts the versions every later write answers, so a plain
 * "remove ops while it still fails" ends with artifacts such as a lone put answering version 2.
 * To keep the witness about the real contradiction, it is shrunk, when it allows, under a stricter
 * test: not linearizable from the absent key nor from any start state its own results suggest
 * (what a Get saw, the version before a put's answer, ...). Such a witness still fails from the
 * absent key, so it is a real sub-history that is not linearizable; it just does not lean on what
 * the removed ops wrote.
 */
final class WitnessSearch {

    /** Above this many ops the stricter test (one search per start state) costs too much. */
    private static final int MAX_OPS_FOR_ANY_START = 300;

    private final KeyHistoryReductions reductions;
    private final WglSearch search;
    private final long maxNanos;

    WitnessSearch(KeyHistoryReductions reductions, WglSearch search, long maxNanos) {
        this.reductions = reductions;
        this.search = search;
        this.maxNanos = maxNanos;
    }

    /** @param failing a key's relevant ops, in invoke order, not linearizable from the absent key */
    List<Operation> witness(List<Operation> failing) {
        long deadline = System.nanoTime() + maxNanos;
        List<Operation> prefix = shortestFailingPrefix(failing);
        boolean strict = prefix.size() <= MAX_OPS_FOR_ANY_START && failsFromAnyStart(prefix);
        long left = Math.max(0, deadline - System.nanoTime());
        ViolationShrinker shrinker = strict
                ? new ViolationShrinker(this::failsFromAnyStart, left)
                : new ViolationShrinker(this::failsFromAbsent, left);
        return shrinker.shrink(prefix);
    }

    /**
     * Cuts the ops invoked after the violation: a binary search for the shortest failing prefix
     * (in invoke order), keeping the later writes whose values the prefix's Gets returned (without
     * them a read from the future would turn into a read from nowhere). Falls back to the whole
     * history where failing is not monotone.
     */
    private List<Operation> shortestFailingPrefix(List<Operation> ops) {
        int low = 1;
        int high = ops.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (failsFromAbsent(prefix(ops, middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        List<Operation> prefix = prefix(ops, high);
        return failsFromAbsent(prefix) ? prefix : ops;
    }

    private static List<Operation> prefix(List<Operation> ops, int length) {
        List<Operation> prefix = new ArrayList<>(ops.subList(0, length));
        Set<String> observed = new HashSet<>();
        for (Operation o : prefix) {
            if (o.outcome() == Outcome.OK && o.result() instanceof Result.GetResult get && get.found()) {
                observed.add(get.value());
            }
        }
        for (Operation o : ops.subList(length, ops.size())) {
            if (o.op() instanceof Op.Put put && observed.contains(put.value())) {
                prefix.add(o);
            }
        }
        return prefix;
    }

    boolean failsFromAbsent(List<Operation> ops) {
        return search.check(reductions.prepare(ops)).verdict() == Verdict.NOT_LINEARIZABLE;
    }

    /** No reductions here: pinning assumes the key starts absent. */
    boolean failsFromAnyStart(List<Operation> ops) {
        int[] free = new int[ops.size()];
        Arrays.fill(free, -1);
        KeyHistoryReductions.Prepared plain = new KeyHistoryReductions.Prepared(ops, free);
        for (RegisterState start : suggestedStarts(ops)) {
            if (search.check(plain, start).verdict() != Verdict.NOT_LINEARIZABLE) {
                return false;
            }
        }
        return true;
    }

    /** The absent key, and the states just before each acknowledged result, as far as it tells. */
    private static Set<RegisterState> suggestedStarts(List<Operation> ops) {
        String unseen = "?";
        Set<RegisterState> starts = new LinkedHashSet<>();
        starts.add(RegisterState.ABSENT);
        for (Operation o : ops) {
            if (o.outcome() != Outcome.OK) {
                continue;
            }
            Result r = o.result();
            if (r instanceof Result.GetResult get && get.found()) {
                starts.add(new RegisterState(get.value(), get.version()));
            } else if (r instanceof Result.PutResult put) {
                long before = put.applied() ? put.version() - 1 : put.version();
                if (before > 0) {
                    starts.add(new RegisterState(unseen, before));
                }
            } else if (r instanceof Result.IncrementResult inc && inc.version() > 1) {
                long delta = ((Op.Increment) o.op()).delta();
                starts.add(new RegisterState(Long.toString(inc.value() - delta), inc.version() - 1));
            } else if (r instanceof Result.DeleteResult del && del.deleted()) {
                long expected = ((Op.Delete) o.op()).expectedVersion();
                starts.add(new RegisterState(unseen, expected == 0 ? 1 : expected));
            }
        }
        return starts;
    }
}
