package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    private final AtomicLong clock = new AtomicLong();
    private final HistoryRecorder recorder = new HistoryRecorder(() -> clock.addAndGet(10));

    @Test
    void completions_recordOutcomeResultAndTimes() {
        HistoryRecorder.Call put = recorder.invoke(1, "k", Op.put("a"));
        HistoryRecorder.Call get = recorder.invoke(2, "k", Op.get());
        HistoryRecorder.Call delete = recorder.invoke(3, "k", Op.delete());
        HistoryRecorder.Call cas = recorder.invoke(4, "k", Op.putIfVersion("b", 1));
        recorder.ok(put, Result.written(1));
        recorder.fail(get);
        recorder.unknown(delete);

        List<Operation> ops = recorder.operations();
        assertThat(ops).hasSize(4);
        assertThat(ops.get(0)).isEqualTo(Operation.ok(0, 1, "k", Op.put("a"), 10, 50, Result.written(1)));
        assertThat(ops.get(1)).isEqualTo(Operation.failed(1, 2, "k", Op.get(), 20, 60));
        assertThat(ops.get(2)).isEqualTo(Operation.unknown(2, 3, "k", Op.delete(), 30));
        assertThat(ops.get(3).outcome()).as("never completed").isEqualTo(Outcome.UNKNOWN);
        assertThat(ops.get(3).completeNanos()).isEqualTo(Operation.NEVER);
        assertThat(cas).isNotNull();
    }

    @Test
    void completingTwice_isRefused() {
        HistoryRecorder.Call call = recorder.invoke(1, "k", Op.get());
        recorder.ok(call, Result.absent());
        assertThatThrownBy(() -> recorder.unknown(call)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyThreads_recordEveryCallOnce() throws InterruptedException {
        HistoryRecorder shared = new HistoryRecorder();
        int threads = 8;
        int callsPerThread = 5_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int process = t;
            workers.add(new Thread(() -> {
                for (int i = 0; i < callsPerThread; i++) {
                    HistoryRecorder.Call call = shared.invoke(process, "k" + (i % 5), Op.put("v" + process + "-" + i));
                    shared.ok(call, Result.written(i + 1));
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        List<Operation> ops = shared.operations();
        Set<Integer> ids = new HashSet<>();
        ops.forEach(o -> ids.add(o.id()));
        assertThat(ops).hasSize(threads * callsPerThread).allMatch(o -> o.outcome() == Outcome.OK);
        assertThat(ids).hasSize(threads * callsPerThread);
    }
}
