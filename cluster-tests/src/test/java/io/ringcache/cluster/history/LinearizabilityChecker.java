package io.ringcache.cluster.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a recorded history for linearizability, key by key (a history is linearizable iff each
 * key's sub-history is: linearizability is compositional). Each key's ops go through
 * {@link KeyHistoryReductions}, then the {@link WglSearch}; a violation is shrunk to a small
 * witness by {@link WitnessSearch}.
 */
public final class LinearizabilityChecker {

    private static final long SHRINK_STEP_MAX_STATES = 50_000;

    private final VersionedRegister model = new VersionedRegister();
    private final KeyHistoryReductions reductions = new KeyHistoryReductions();
    private final SearchBudget budget;
    private final long unknownHorizonNanos;

    public LinearizabilityChecker() {
        this(SearchBudget.DEFAULT);
    }

    public LinearizabilityChecker(SearchBudget budget) {
        this(budget, null);
    }

    /**
     * @param unknownHorizon null (the default, Knossos' rule): an unknown call may take effect at
     *                       any time after its invoke, or never. Else an assumption: it takes
     *                       effect within this long after its invoke, or never (e.g. above the
     *                       node's operation timeouts). It bounds the search on long histories
     *                       with many unknown calls, where proving a violation otherwise runs out
     *                       of budget; a history that passes only thanks to the horizon fails.
     */
    public LinearizabilityChecker(SearchBudget budget, Duration unknownHorizon) {
        this.budget = budget;
        this.unknownHorizonNanos = unknownHorizon == null ? Operation.NEVER : unknownHorizon.toNanos();
    }

    public HistoryReport check(List<Operation> history) {
        long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<KeyReport> reports = new ArrayList<>();
        byKey.forEach((key, ops) -> reports.add(checkKey(key, ops, new OperationFormat(origin))));
        return new HistoryReport(reports);
    }

    private KeyReport checkKey(String key, List<Operation> ops, OperationFormat format) {
        long start = System.nanoTime();
        // Invoke order keeps the memo's encoding of linearized sets short (LinearizedSetEncoder).
        List<Operation> inInvokeOrder = ops.stream().map(this::withHorizon)
                .sorted(Comparator.comparingLong(Operation::invokeNanos)).toList();
        WglSearch.Outcome outcome = new WglSearch(model, budget.maxStates(), budget.maxTime().toNanos())
                .check(reductions.prepare(inInvokeOrder));
        List<Operation> witness = List.of();
        if (outcome.verdict() == Verdict.NOT_LINEARIZABLE) {
            WglSearch small = new WglSearch(model, SHRINK_STEP_MAX_STATES, budget.shrinkTime().toNanos());
            witness = new WitnessSearch(reductions, small, budget.shrinkTime().toNanos())
                    .witness(reductions.relevant(inInvokeOrder));
            witness = witness.stream().sorted(Comparator.comparingLong(Operation::invokeNanos)).toList();
        }
        long elapsed = System.nanoTime() - start;
        return new KeyReport(key, outcome.verdict(), countByTypeAndOutcome(ops), outcome.statesVisited(), elapsed,
                witness, witness.stream().map(format::line).toList());
    }

    private Operation withHorizon(Operation o) {
        if (!o.isUnknown() || unknownHorizonNanos == Operation.NEVER) {
            return o;
        }
        long deadline = o.invokeNanos() + unknownHorizonNanos;
        return new Operation(o.id(), o.process(), o.key(), o.op(), o.invokeNanos(),
                deadline < o.invokeNanos() ? Operation.NEVER : deadline, Outcome.UNKNOWN, null);
    }

    private static Map<String, EnumMap<Outcome, Integer>> countByTypeAndOutcome(List<Operation> ops) {
        Map<String, EnumMap<Outcome, Integer>> counts = new TreeMap<>();
        for (Operation op : ops) {
            counts.computeIfAbsent(OperationFormat.typeName(op.op()), t -> new EnumMap<>(Outcome.class))
                    .merge(op.outcome(), 1, Integer::sum);
        }
        return counts;
    }
}
