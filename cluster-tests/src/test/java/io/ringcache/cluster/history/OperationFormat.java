package io.ringcache.cluster.history;

import java.util.Locale;

/** Readable one-line forms of ops and history entries, times in ms from the history's start. */
final class OperationFormat {

    private final long originNanos;

    OperationFormat(long originNanos) {
        this.originNanos = originNanos;
    }

    String line(Operation o) {
        String complete = o.completeNanos() == Operation.NEVER ? "never" : millis(o.completeNanos());
        return String.format(Locale.ROOT, "p%-3d %-28s invoke %10s  complete %10s  -> %s",
                o.process(), op(o.op()), millis(o.invokeNanos()), complete, outcome(o));
    }

    static String typeName(Op op) {
        if (op instanceof Op.Get) {
            return "get";
        }
        if (op instanceof Op.Put put) {
            return switch (put.condition()) {
                case ALWAYS -> "put";
                case IF_ABSENT -> "put-if-absent";
                case IF_PRESENT -> "put-if-present";
                case IF_VERSION -> "put-if-version";
            };
        }
        if (op instanceof Op.Delete delete) {
            return delete.expectedVersion() == 0 ? "delete" : "delete-if-version";
        }
        return "increment";
    }

    static String op(Op op) {
        if (op instanceof Op.Put put) {
            String base = typeName(op) + "(" + put.value();
            return put.condition() == Op.Condition.IF_VERSION ? base + ", v" + put.expectedVersion() + ")" : base + ")";
        }
        if (op instanceof Op.Delete delete && delete.expectedVersion() != 0) {
            return "delete-if-version(v" + delete.expectedVersion() + ")";
        }
        if (op instanceof Op.Increment inc) {
            return "increment(" + inc.delta() + (inc.initial() == 0 ? "" : ", initial " + inc.initial()) + ")";
        }
        return typeName(op) + "()";
    }

    private static String outcome(Operation o) {
        if (o.outcome() != Outcome.OK) {
            return o.outcome().name().toLowerCase(Locale.ROOT);
        }
        Result r = o.result();
        if (r instanceof Result.GetResult get) {
            return get.found() ? "ok " + get.value() + "@v" + get.version() : "ok absent";
        }
        if (r instanceof Result.PutResult put) {
            return put.applied() ? "ok applied v" + put.version() : "ok not applied (at v" + put.version() + ")";
        }
        if (r instanceof Result.DeleteResult del) {
            return del.deleted() ? "ok deleted" : "ok not deleted";
        }
        if (r instanceof Result.IncrementResult inc) {
            return "ok " + inc.value() + "@v" + inc.version();
        }
        return "ok refused (not a decimal int64, or overflow)";
    }

    private String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3fms", (nanos - originNanos) / 1e6);
    }
}
