package io.ringcache.cluster.history;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing-Gong-Lowe search, as Porcupine runs it: the history as a doubly linked list of call
 * and return entries in time order; repeatedly linearize the earliest call whose model step
 * answers its recorded result, lifting its entries out of the list; on reaching a return entry
 * (an op that should have been linearized by then) undo the last choice and try the next call.
 * A cache of (linearized ops, model state) makes each configuration visited once: the rest of the
 * search from a configuration depends on nothing else.
 *
 * <p>Unknown calls have no return entry (their return is at infinity, as in Knossos) and match
 * any result; the search succeeds once every acknowledged call is linearized, which drops the
 * unknown calls still pending (they never took effect). An unknown call has two moves: dropped
 * (marked done, state unchanged) and applied. Dropping is tried first, so a call that never took
 * effect leaves the list at once instead of costing a detour at every later step (a third fewer
 * configurations on a key with a third of its calls unknown). A drop and an apply that changes
 * nothing reach the same configuration, which the memo then visits once; the order in which
 * children are tried changes how soon the answer comes, never the answer.
 *
 * <p>One pruning rule on top (see {@code enabledObserver}): a configuration where an
 * acknowledged call that changes nothing can be linearized has that as its only child.
 */
final class WglSearch {

    /** What one search found, and how many configurations it visited. */
    record Outcome(Verdict verdict, long statesVisited) {
    }

    private static final int DEADLINE_CHECK_MASK = 0xFFF;

    private final VersionedRegister model;
    private final long maxStates;
    private final long maxNanos;

    WglSearch(VersionedRegister model, long maxStates, long maxNanos) {
        this.model = model;
        this.maxStates = maxStates;
        this.maxNanos = maxNanos;
    }

    Outcome check(KeyHistoryReductions.Prepared prepared) {
        return check(prepared, RegisterState.ABSENT);
    }

    /** Searches from {@code initial} instead of the absent key (used to shrink witnesses). */
    Outcome check(KeyHistoryReductions.Prepared prepared, RegisterState initial) {
        return new Run(prepared).search(initial);
    }

    /** One search's mutable state. */
    private final class Run {
        private final List<Operation> ops;
        private final int[] mustFollow;
        private final int head;
        private final int tail;
        private final int[] next;
        private final int[] prev;
        private final int[] opOfEntry;
        private final boolean[] isCall;
        private final int[] returnEntryOf;
        private final long[] linearized;
        private final LinearizedSetEncoder encoder;
        private final Set<Configuration> seen = new HashSet<>();

        Run(KeyHistoryReductions.Prepared prepared) {
            ops = prepared.ops();
            mustFollow = prepared.mustFollow();
            int n = ops.size();
            int entries = 0;
            for (Operation op : ops) {
                entries += op.completeNanos() == Operation.NEVER ? 1 : 2;
            }
            long[] time = new long[entries];
            opOfEntry = new int[entries];
            isCall = new boolean[entries];
            returnEntryOf = new int[n];
            int e = 0;
            for (int i = 0; i < n; i++) {
                Operation op = ops.get(i);
                time[e] = op.invokeNanos();
                opOfEntry[e] = i;
                isCall[e++] = true;
                // An unknown call has a return entry only under an effect horizon: by then it is
                // applied or dropped, like any call by its return.
                if (op.completeNanos() != Operation.NEVER) {
                    time[e] = op.completeNanos();
                    opOfEntry[e++] = i;
                }
            }
            // Time order; at equal times calls first, so touching intervals count as concurrent.
            Integer[] order = new Integer[entries];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> time[a] != time[b]
                    ? Long.compare(time[a], time[b])
                    : Boolean.compare(!isCall[a], !isCall[b]));
            head = entries;
            tail = entries + 1;
            next = new int[entries + 2];
            prev = new int[entries + 2];
            Arrays.fill(returnEntryOf, -1);
            int previous = head;
            for (int entry : order) {
                next[previous] = entry;
                prev[entry] = previous;
                previous = entry;
                if (!isCall[entry]) {
                    returnEntryOf[opOfEntry[entry]] = entry;
                }
            }
            next[previous] = tail;
            prev[tail] = previous;
            linearized = new long[(n + 63) / 64];
            long[] acknowledged = new long[linearized.length];
            for (int i = 0; i < n; i++) {
                if (!ops.get(i).isUnknown()) {
                    acknowledged[i >>> 6] |= 1L << i;
                }
            }
            encoder = new LinearizedSetEncoder(acknowledged, n);
        }

        Outcome search(RegisterState initial) {
            long deadline = System.nanoTime() + maxNanos;
            int pendingReturns = 0;
            for (Operation op : ops) {
                pendingReturns += op.isUnknown() ? 0 : 1;
            }
            int[] stackEntry = new int[ops.size()];
            RegisterState[] stackState = new RegisterState[ops.size()];
            boolean[] stackDropped = new boolean[ops.size()];
            boolean[] stackForced = new boolean[ops.size()];
            int depth = 0;
            RegisterState state = initial;
            long iterations = 0;
            int entry = next[head];
            // For an unknown call, the first move tried is dropping it (it never takes effect),
            // the second applying it here; acknowledged calls only have the second.
            boolean applyMove = false;
            boolean freshConfiguration = true;
            boolean configurationFailed = false;
            while (pendingReturns > 0) {
                if ((++iterations & DEADLINE_CHECK_MASK) == 0 && System.nanoTime() > deadline) {
                    return new Outcome(Verdict.UNKNOWN_BUDGET_EXCEEDED, seen.size());
                }
                if (freshConfiguration) {
                    freshConfiguration = false;
                    int observer = enabledObserver(state);
                    if (observer >= 0) {
                        // The only child worth trying (see enabledObserver); if the memo has
                        // it, it failed before, and so does this configuration.
                        int op = opOfEntry[observer];
                        set(op);
                        if (seen.add(new Configuration(encoder.encode(linearized), state))) {
                            if (seen.size() > maxStates) {
                                return new Outcome(Verdict.UNKNOWN_BUDGET_EXCEEDED, seen.size());
                            }
                            stackEntry[depth] = observer;
                            stackDropped[depth] = false;
                            stackForced[depth] = true;
                            stackState[depth++] = state;
                            lift(observer);
                            pendingReturns--;
                            entry = next[head];
                            applyMove = false;
                            freshConfiguration = true;
                            continue;
                        }
                        clear(op);
                        configurationFailed = true;
                    }
                }
                if (!configurationFailed && entry != tail && isCall[entry]) {
                    int op = opOfEntry[entry];
                    Operation call = ops.get(op);
                    boolean drop = call.isUnknown() && !applyMove;
                    RegisterState after = null;
                    if (drop) {
                        after = state;
                    } else if (mustFollow[op] < 0 || isSet(mustFollow[op])) {
                        VersionedRegister.Transition step = model.step(state, call.op());
                        if (call.isUnknown() || step.result().equals(call.result())) {
                            after = step.next();
                        }
                    }
                    if (after != null) {
                        set(op);
                        if (seen.add(new Configuration(encoder.encode(linearized), after))) {
                            if (seen.size() > maxStates) {
                                return new Outcome(Verdict.UNKNOWN_BUDGET_EXCEEDED, seen.size());
                            }
                            stackEntry[depth] = entry;
                            stackDropped[depth] = drop;
                            stackForced[depth] = false;
                            stackState[depth++] = state;
                            state = after;
                            lift(entry);
                            pendingReturns -= call.isUnknown() ? 0 : 1;
                            entry = next[head];
                            applyMove = false;
                            freshConfiguration = true;
                            continue;
                        }
                        clear(op);
                    }
                    if (drop) {
                        applyMove = true;
                    } else {
                        entry = next[entry];
                        applyMove = false;
                    }
                } else {
                    // A return entry (or the end, or a failed configuration): undo the last move.
                    configurationFailed = false;
                    if (depth == 0) {
                        return new Outcome(Verdict.NOT_LINEARIZABLE, seen.size());
                    }
                    int undone = stackEntry[--depth];
                    state = stackState[depth];
                    int op = opOfEntry[undone];
                    clear(op);
                    unlift(undone);
                    pendingReturns += ops.get(op).isUnknown() ? 0 : 1;
                    if (stackForced[depth]) {
                        configurationFailed = true;
                    } else if (stackDropped[depth]) {
                        entry = undone;
                        applyMove = true;
                    } else {
                        entry = next[undone];
                        applyMove = false;
                    }
                }
            }
            return new Outcome(Verdict.LINEARIZABLE, seen.size());
        }

        /**
         * An acknowledged call that may be linearized now, answers its result here and leaves the
         * state unchanged (a Get, a put or delete that did not apply, a refused increment), or -1.
         * Linearizing it first loses nothing, so it is the only child to try: given any valid
         * order from here, moving it to the front keeps every other call's state (it changes
         * none) and real-time order (it is enabled, so no pending call completed before it was
         * invoked). Without this, concurrent reads that commute multiply the configurations by
         * every order of them: 15 clients on one key exhausted any budget.
         */
        private int enabledObserver(RegisterState state) {
            for (int entry = next[head]; entry != tail && isCall[entry]; entry = next[entry]) {
                Operation call = ops.get(opOfEntry[entry]);
                if (!call.isUnknown()) {
                    VersionedRegister.Transition step = model.step(state, call.op());
                    if (step.next().equals(state) && step.result().equals(call.result())) {
                        return entry;
                    }
                }
            }
            return -1;
        }

        private void lift(int callEntry) {
            unlink(callEntry);
            int ret = returnEntryOf[opOfEntry[callEntry]];
            if (ret >= 0) {
                unlink(ret);
            }
        }

        /** The exact reverse of {@link #lift}: dancing links restore in reverse order. */
        private void unlift(int callEntry) {
            int ret = returnEntryOf[opOfEntry[callEntry]];
            if (ret >= 0) {
                relink(ret);
            }
            relink(callEntry);
        }

        private void unlink(int entry) {
            next[prev[entry]] = next[entry];
            prev[next[entry]] = prev[entry];
        }

        private void relink(int entry) {
            next[prev[entry]] = entry;
            prev[next[entry]] = entry;
        }

        private boolean isSet(int op) {
            return (linearized[op >>> 6] & (1L << op)) != 0;
        }

        private void set(int op) {
            linearized[op >>> 6] |= 1L << op;
        }

        private void clear(int op) {
            linearized[op >>> 6] &= ~(1L << op);
        }
    }

    /** A memoized configuration: which ops are linearized (encoded) and the state they leave. */
    private static final class Configuration {
        private final int[] linearized;
        private final RegisterState state;
        private final int hash;

        Configuration(int[] linearized, RegisterState state) {
            this.linearized = linearized;
            this.state = state;
            this.hash = 31 * Arrays.hashCode(linearized) + state.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Configuration c && c.hash == hash && c.state.equals(state)
                    && Arrays.equals(c.linearized, linearized);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
