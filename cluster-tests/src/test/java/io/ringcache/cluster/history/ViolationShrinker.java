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
 * <p>Removing a write can make a history fail on its own (a Get would then read a value nobody
 * wrote), which would turn a lost write into a misleading "read from nowhere". So a write stays
 * while a remaining acknowledged Get returns its value: the witness keeps the writes that explain
 * what its reads saw.
 */
final class ViolationShrinker {

    private final Predicate<List<Operation>> violates;
    private final long maxNanos;

    /** @param violates whether a sub-history is (decidedly) not linearizable */
    ViolationShrinker(Predicate<List<Operation>> violates, long maxNanos) {
        this.violates = violates;
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

    /** The ops without [start, start + length), or null when that would strand an observed write. */
    private static List<Operation> without(List<Operation> ops, int start, int length) {
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
        for (Operation o : ops.subList(start, end)) {
            if (o.op() instanceof Op.Put put && observed.contains(put.value())) {
                return null;
            }
        }
        return rest;
    }
}
