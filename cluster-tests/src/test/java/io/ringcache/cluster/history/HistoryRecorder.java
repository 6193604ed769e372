package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.LongSupplier;

/**
 * Records a history from many client threads. Cheap on the hot path: {@link #invoke} is one
 * lock-free append, and completing a call is one compare-and-set on its own handle, so threads
 * never contend on a lock. Read the history with {@link #operations()} once the load has stopped
 * (after joining the client threads); calls not completed by then count as unknown.
 *
 * <pre>{@code
 * HistoryRecorder history = new HistoryRecorder();
 * HistoryRecorder.Call call = history.invoke(process, key, Op.putIfVersion("v7", 3));
 * try {
 *     PutResponse r = stub.put(...);
 *     history.ok(call, new Result.PutResult(r.getApplied(), r.getVersion()));
 * } catch (StatusRuntimeException e) {
 *     if (definitelyNotApplied(e)) history.fail(call); else history.unknown(call);
 * }
 * HistoryReport report = new LinearizabilityChecker().check(history.operations());
 * }</pre>
 */
public final class HistoryRecorder {

    private final LongSupplier clock;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    public HistoryRecorder() {
        this(System::nanoTime);
    }

    /** @param clock monotonic nanoseconds; tests pass a fake one */
    HistoryRecorder(LongSupplier clock) {
        this.clock = clock;
    }

    /** Records the invoke of {@code op} on {@code key} by {@code process}; complete the handle once. */
    public Call invoke(int process, String key, Op op) {
        Call call = new Call(ids.getAndIncrement(), process, key, op, clock.getAsLong());
        calls.add(call);
        return call;
    }

    /** The call was acknowledged with {@code result}. */
    public void ok(Call call, Result result) {
        if (result == null) {
            throw new IllegalArgumentException("an ok call needs its result");
        }
        call.complete(new Completion(Outcome.OK, result, clock.getAsLong()));
    }

    /** The call definitely did not take effect. */
    public void fail(Call call) {
        call.complete(new Completion(Outcome.FAIL, null, clock.getAsLong()));
    }

    /** The call may or may not have taken effect. */
    public void unknown(Call call) {
        call.complete(new Completion(Outcome.UNKNOWN, null, Operation.NEVER));
    }

    /**
     * Where the history's clock starts: the first invoke, from which reports count their times
     * ({@link System#nanoTime()} by default); {@code fallback} before any call.
     */
    public long originNanos(long fallback) {
        return calls.stream().mapToLong(call -> call.invokeNanos).min().orElse(fallback);
    }

    /** The history so far, in invoke order; calls still pending are unknown. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Call call : calls) {
            operations.add(call.toOperation());
        }
        return operations;
    }

    /** A call in flight, returned by {@link #invoke}. */
    public static final class Call {

        private static final AtomicReferenceFieldUpdater<Call, Completion> COMPLETION =
                AtomicReferenceFieldUpdater.newUpdater(Call.class, Completion.class, "completion");

        private final int id;
        private final int process;
        private final String key;
        private final Op op;
        private final long invokeNanos;
        private volatile Completion completion;

        private Call(int id, int process, String key, Op op, long invokeNanos) {
            this.id = id;
            this.process = process;
            this.key = key;
            this.op = op;
            this.invokeNanos = invokeNanos;
        }

        /** The id the call's {@link Operation} will carry. */
        public int id() {
            return id;
        }

        private void complete(Completion done) {
            if (!COMPLETION.compareAndSet(this, null, done)) {
                throw new IllegalStateException("call " + id + " (" + op + ") completed twice");
            }
        }

        private Operation toOperation() {
            Completion done = completion;
            if (done == null || done.outcome() == Outcome.UNKNOWN) {
                return Operation.unknown(id, process, key, op, invokeNanos);
            }
            return new Operation(id, process, key, op, invokeNanos, done.nanos(), done.outcome(), done.result());
        }
    }

    private record Completion(Outcome outcome, Result result, long nanos) {
    }
}
