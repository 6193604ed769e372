package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.List;

/** Hand-made histories for tests: times in milliseconds (stored as nanos), one key unless named. */
final class HistoryBuilder {

    static final String KEY = "k";

    private static final long NANOS_PER_MS = 1_000_000;

    private final List<Operation> ops = new ArrayList<>();

    HistoryBuilder ok(int process, Op op, long invoke, long complete, Result result) {
        return ok(KEY, process, op, invoke, complete, result);
    }

    HistoryBuilder ok(String key, int process, Op op, long invoke, long complete, Result result) {
        ops.add(Operation.ok(ops.size(), process, key, op, invoke * NANOS_PER_MS, complete * NANOS_PER_MS, result));
        return this;
    }

    HistoryBuilder unknown(int process, Op op, long invoke) {
        ops.add(Operation.unknown(ops.size(), process, KEY, op, invoke * NANOS_PER_MS));
        return this;
    }

    HistoryBuilder failed(int process, Op op, long invoke, long complete) {
        ops.add(Operation.failed(ops.size(), process, KEY, op, invoke * NANOS_PER_MS, complete * NANOS_PER_MS));
        return this;
    }

    List<Operation> build() {
        return List.copyOf(ops);
    }
}
