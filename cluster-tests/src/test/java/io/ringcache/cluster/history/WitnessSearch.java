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
        List<Operation> start = null;
        // The contradiction sits at the prefix's end: look for a short tail that fails by itself.
        for (int tail = 8; tail < Math.min(prefix.size(), MAX_OPS_FOR_ANY_START) && start == null; tail *= 2) {
            List<Operation> window = window(prefix, prefix.get(prefix.size() - tail).invokeNanos());
            if (window.size() <= MAX_OPS_FOR_ANY_START && failsFromAnyStart(window)) {
                start = window;
            }
        }
        if (start == null && prefix.size() <= MAX_OPS_FOR_ANY_START && failsFromAnyStart(prefix)) {
            start = prefix;
        }
        long left = Math.max(0, deadline - System.nanoTime());
        List<Operation> witness = start != null
                ? new ViolationShrinker(this::failsFromAnyStart, true, left).shrink(start)
                : new ViolationShrinker(this::failsFromAbsent, false, left).shrink(prefix);
        return withLaterWritesOfReadValues(witness, failing);
    }

    /**
     * Cuts the ops invoked after the violation: a binary search for the shortest failing prefix in
     * invoke order. A prefix up to time T keeps the ops invoked by T, and turns those still running
     * at T into unknown ones: an op that completed by T took effect before T, after ops invoked
     * before T only, so this prefix is a relaxation of the history (if it fails, so does the
     * history) and failing is monotone in T.
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

    private List<Operation> prefix(List<Operation> ops, int length) {
        long cut = ops.get(length - 1).invokeNanos();
        List<Operation> prefix = new ArrayList<>(length);
        long lastCompletion = Long.MIN_VALUE;
        for (Operation o : ops.subList(0, length)) {
            if (o.outcome() == Outcome.OK && o.completeNanos() > cut) {
                if (o.op().isWrite()) {
                    prefix.add(Operation.unknown(o.id(), o.process(), o.key(), o.op(), o.invokeNanos()));
                }
            } else {
                prefix.add(o);
                if (o.outcome() == Outcome.OK) {
                    lastCompletion = Math.max(lastCompletion, o.completeNanos());
                }
            }
        }
        // An unknown call invoked after every acknowledged one completed can explain none of them.
        long last = lastCompletion;
        prefix.removeIf(o -> o.isUnknown() && o.invokeNanos() > last);
        return reductions.relevant(prefix);
    }

    /**
     * The ops of {@code prefix} not entirely before {@code from}: those running at {@code from}
     * stay, since they may take effect inside the window; those done before it are summed up by
     * the start states {@link #failsFromAnyStart} tries.
     */
    private static List<Operation> window(List<Operation> prefix, long from) {
        List<Operation> window = new ArrayList<>();
        for (Operation o : prefix) {
            if (o.invokeNanos() >= from || o.completeNanos() >= from) {
                window.add(o);
            }
        }
        return window;
    }

    /**
     * Adds the puts, invoked after every acknowledged op of the witness completed, whose values
     * its Gets returned: a read from the future then shows its write. Such a put comes after all of
     * them in any order, so it cannot make the witness linearizable.
     */
    private static List<Operation> withLaterWritesOfReadValues(List<Operation> witness, List<Operation> all) {
        long lastCompletion = witness.stream().filter(o -> o.outcome() == Outcome.OK)
                .mapToLong(Operation::completeNanos).max().orElse(Long.MAX_VALUE);
        Set<String> read = new HashSet<>();
        for (Operation o : witness) {
            if (o.outcome() == Outcome.OK && o.result() instanceof Result.GetResult get && get.found()) {
                read.add(get.value());
            }
        }
        Set<Integer> ids = new HashSet<>();
        witness.forEach(o -> ids.add(o.id()));
        List<Operation> result = new ArrayList<>(witness);
        for (Operation o : all) {
            if (o.invokeNanos() > lastCompletion && o.outcome() == Outcome.OK && o.op() instanceof Op.Put put
                    && read.contains(put.value()) && !ids.contains(o.id())) {
                result.add(o);
            }
        }
        return result;
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
