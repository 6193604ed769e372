package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing key history to a small sub-history that still fails the given test, by
 * removing chunks of ops (halves, quarters, ... single ops) while the rest keeps failing, until
 * nothing more can go or the time is up.
 *
 * <p>Removing a write can make a history fail on its own: a Get would read a value nobody wrote,
 * or a later write would skip a version. So only calls that change nothing go (Gets and calls
 * whose result says they did not apply: removing them only removes constraints), plus writes at
 * the start when the test tries every start state; a write stays while a Get left returns its
 * value. The witness keeps the writes that explain what its reads and versions show.
 */
final class ViolationShrinker {

    private final Predicate<List<Operation>> violates;
    private final boolean leadingWritesRemovable;
    private final long maxNanos;

    /**
     * @param violates               whether a sub-history is (decidedly) not linearizable
     * @param leadingWritesRemovable whether writes at the start may go: true when {@code violates}
     *                               tries every start state, so the removed writes' effect is
     *                               still among the starts it tries
     */
    ViolationShrinker(Predicate<List<Operation>> violates, boolean leadingWritesRemovable, long maxNanos) {
        this.violates = violates;
        this.leadingWritesRemovable = leadingWritesRemovable;
        this.maxNanos = maxNanos;
    }

    List<Operation> shrink(List<Operation> failing) {
        long deadline = System.nanoTime() + maxNanos;
        List<Operation> current = failing;
        int chunk = Math.max(1, current.size() / 2);
        while (System.nanoTime() < deadline) {
            boolean removed = false;
            // From the end backwards: the search fails at the earliest contradiction, so later
            // ops are the likeliest noise, and removing them first keeps the writes that explain
            // the versions of what remains.
            for (int end = current.size(); end > 0 && System.nanoTime() < deadline; ) {
                int start = Math.max(0, end - chunk);
                List<Operation> candidate = without(current, start, end - start);
                if (candidate != null && violates.test(candidate)) {
                    current = candidate;
                    removed = true;
                }
                end = start;
            }
            if (chunk == 1 && !removed) {
                break;
            }
            if (chunk > 1) {
                chunk = Math.max(1, chunk / 2);
            }
        }
        return current;
    }

    /** The ops without [start, start + length), or null when that would drop a write that matters. */
    private List<Operation> without(List<Operation> ops, int start, int length) {
        int end = Math.min(ops.size(), start + length);
        List<Operation> rest = new ArrayList<>(ops.size());
        rest.addAll(ops.subList(0, start));
        rest.addAll(ops.subList(end, ops.size()));
        if (rest.isEmpty()) {
            return null;
        }
        Set<String> observed = new HashSet<>();
        for (Operation o : rest) {
            if (o.outcome() == Outcome.OK && o.result() instanceof Result.GetResult get && get.found()) {
                observed.add(get.value());
            }
        }
        long restInvoked = rest.stream().mapToLong(Operation::invokeNanos).min().orElse(Long.MAX_VALUE);
        for (Operation o : ops.subList(start, end)) {
            if (o.op() instanceof Op.Put put && observed.contains(put.value())) {
                return null;
            }
            // A leading write may go only if it completed before the rest began: then it comes
            // first in every order, and its effect is one of the start states tried.
            boolean leading = leadingWritesRemovable && start == 0 && o.completeNanos() < restInvoked;
            if (mayChangeState(o) && !leading) {
                return null;
            }
        }
        return rest;
    }

    /** Whether the call may have changed the state: any write not acknowledged as not applied. */
    private static boolean mayChangeState(Operation o) {
        if (!o.op().isWrite()) {
            return false;
        }
        if (o.outcome() != Outcome.OK) {
            return true;
        }
        Result r = o.result();
        return !(r instanceof Result.PutResult put && !put.applied()
                || r instanceof Result.DeleteResult del && !del.deleted()
                || r instanceof Result.IncrementRefused);
    }
}
