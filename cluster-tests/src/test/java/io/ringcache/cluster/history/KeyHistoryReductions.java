package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites one key's history into an equivalent one that is cheaper to search: each step keeps
 * the set of valid linearizations (up to dropping calls that may be dropped anyway), so the
 * verdict never changes. The randomized brute-force test checks the verdicts agree.
 *
 * <p>Not done, because it is unsound here: dropping an unknown put whose value no Get returned.
 * Versions give it away even unread: with put(a) ok v1, put(b) unknown, put(c) ok v3, the history
 * is linearizable only if put(b) took effect. (Dropping it could only turn a pass into a false
 * violation, never the reverse.) The search's drop-first order gets most of the benefit soundly.
 */
final class KeyHistoryReductions {

    /** The ops to search, and for each, the op that must be linearized before it (-1: none). */
    record Prepared(List<Operation> ops, int[] mustFollow) {
    }

    /**
     * Drops the calls that cannot matter. A failed call definitely did not take effect, so it is
     * not part of any linearization. An unknown Get has no effect on the state and no result to
     * match, so placing it anywhere (or nowhere) never changes whether the rest fits.
     */
    List<Operation> relevant(List<Operation> keyOps) {
        List<Operation> kept = new ArrayList<>(keyOps.size());
        for (Operation op : keyOps) {
            boolean unknownRead = op.isUnknown() && !op.op().isWrite();
            if (op.outcome() != Outcome.FAIL && !unknownRead) {
                kept.add(op);
            }
        }
        return kept;
    }

    Prepared prepare(List<Operation> keyOps) {
        List<Operation> ops = pinObservedWrites(relevant(keyOps));
        return new Prepared(ops, orderInterchangeableUnknowns(ops));
    }

    /**
     * Pins an unknown put whose value an acknowledged Get returned. When no other put on the key
     * writes that value, and no Increment could produce it (the key has no Increment, or the value
     * is not decimal), the value exists only in the state right after that put: every applied
     * write replaces the value, and Get answers the value with the version that write gave it. So
     * in every valid linearization the put took effect, answered (applied, the version the Get
     * saw), and took effect before the first such Get completed. Turning it into an acknowledged
     * call with that result and that completion time removes exactly the linearizations that were
     * invalid anyway (dropping it, or placing it after that Get), so the verdict is unchanged.
     * If two Gets saw it at different versions, no linearization exists either way.
     */
    private List<Operation> pinObservedWrites(List<Operation> ops) {
        boolean hasIncrements = ops.stream().anyMatch(o -> o.op() instanceof Op.Increment);
        Map<String, Integer> writersOfValue = new HashMap<>();
        for (Operation o : ops) {
            if (o.op() instanceof Op.Put put) {
                writersOfValue.merge(put.value(), 1, Integer::sum);
            }
        }
        Map<String, Operation> firstObserver = new HashMap<>();
        for (Operation o : ops) {
            if (o.outcome() == Outcome.OK && o.result() instanceof Result.GetResult get && get.found()) {
                firstObserver.merge(get.value(), o,
                        (a, b) -> a.completeNanos() <= b.completeNanos() ? a : b);
            }
        }
        List<Operation> pinned = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            Operation observer = null;
            if (o.isUnknown() && o.op() instanceof Op.Put put
                    && writersOfValue.get(put.value()) == 1
                    && (!hasIncrements || VersionedRegister.parseDecimal(put.value()) == null)) {
                observer = firstObserver.get(put.value());
            }
            if (observer == null) {
                pinned.add(o);
            } else {
                long version = ((Result.GetResult) observer.result()).version();
                // Before the Get completed, and before its own deadline under an effect horizon.
                long complete = Math.min(o.completeNanos(), Math.max(o.invokeNanos(), observer.completeNanos()));
                pinned.add(o.pinned(complete, Result.written(version)));
            }
        }
        return pinned;
    }

    /**
     * Orders interchangeable unknown calls. Two unknown calls are interchangeable when swapping
     * them in any linearization changes no acknowledged result: identical ops, or puts with the
     * same condition whose values no acknowledged Get returned and no Increment could read
     * differently (the key has no Increment, or both values are not decimal). Given a valid
     * linearization that applies j members of such a class, applying instead the j earliest-invoked
     * members, in invoke order, at the same points is valid too: the k-th earliest member was
     * invoked no later than the k-th point (k members invoked by then were applied there). So the
     * search may apply a class's members only in invoke order, which turns 2^k subsets into k + 1
     * choices when many unknown writes pile up (a fault's timeouts).
     */
    private int[] orderInterchangeableUnknowns(List<Operation> ops) {
        boolean hasIncrements = ops.stream().anyMatch(o -> o.op() instanceof Op.Increment);
        Set<String> observedValues = new HashSet<>();
        for (Operation o : ops) {
            if (o.outcome() == Outcome.OK && o.result() instanceof Result.GetResult get && get.found()) {
                observedValues.add(get.value());
            }
        }
        Integer[] order = new Integer[ops.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong(i -> ops.get(i).invokeNanos()));
        int[] mustFollow = new int[ops.size()];
        Arrays.fill(mustFollow, -1);
        Map<Op, Integer> lastOfClass = new HashMap<>();
        for (int i : order) {
            Operation o = ops.get(i);
            // Under an effect horizon an earlier member has an earlier deadline and may not be
            // able to stand in for a later one: no ordering then.
            if (!o.isUnknown() || o.completeNanos() != Operation.NEVER) {
                continue;
            }
            Op type = o.op();
            if (type instanceof Op.Put put && !observedValues.contains(put.value())
                    && (!hasIncrements || VersionedRegister.parseDecimal(put.value()) == null)) {
                type = new Op.Put(null, put.condition(), put.expectedVersion());
            }
            Integer previous = lastOfClass.put(type, i);
            if (previous != null) {
                mustFollow[i] = previous;
            }
        }
        return mustFollow;
    }
}
