package io.ringcache.cluster.history;

/**
 * One completed entry of a history. {@code completeNanos} is {@link #NEVER} for an unknown outcome:
 * such a call may take effect at any time after its invoke, or never (under the checker's optional
 * effect horizon it is the time by which it took effect, if it did). {@code result} is set only
 * for {@link Outcome#OK}.
 */
public record Operation(int id, int process, String key, Op op, long invokeNanos, long completeNanos,
                        Outcome outcome, Result result) {

    /** The completion time of a call whose outcome is unknown: it stays pending for ever. */
    public static final long NEVER = Long.MAX_VALUE;

    public Operation {
        if (outcome == Outcome.OK && result == null) {
            throw new IllegalArgumentException("an ok operation needs a result: " + op);
        }
        if (outcome != Outcome.UNKNOWN && completeNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " completes before its invoke");
        }
    }

    static Operation ok(int id, int process, String key, Op op, long invoke, long complete, Result result) {
        return new Operation(id, process, key, op, invoke, complete, Outcome.OK, result);
    }

    static Operation unknown(int id, int process, String key, Op op, long invoke) {
        return new Operation(id, process, key, op, invoke, NEVER, Outcome.UNKNOWN, null);
    }

    static Operation failed(int id, int process, String key, Op op, long invoke, long complete) {
        return new Operation(id, process, key, op, invoke, complete, Outcome.FAIL, null);
    }

    /** The same call with an acknowledged result and completion time (used by reductions). */
    Operation pinned(long complete, Result pinnedResult) {
        return new Operation(id, process, key, op, invokeNanos, complete, Outcome.OK, pinnedResult);
    }

    boolean isUnknown() {
        return outcome == Outcome.UNKNOWN;
    }
}
