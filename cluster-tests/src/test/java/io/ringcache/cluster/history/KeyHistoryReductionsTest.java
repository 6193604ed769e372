package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyHistoryReductionsTest {

    private final KeyHistoryReductions reductions = new KeyHistoryReductions();

    @Test
    void relevant_dropsFailedCallsAndUnknownReads() {
        List<Operation> ops = new HistoryBuilder()
                .failed(1, Op.put("a"), 0, 1)
                .unknown(2, Op.get(), 0)
                .unknown(3, Op.delete(), 0)
                .ok(4, Op.get(), 0, 1, Result.absent())
                .build();
        assertThat(reductions.relevant(ops)).extracting(Operation::process).containsExactly(3, 4);
    }

    @Test
    void prepare_pinsAnUnknownPut_toTheVersionAndTimeOfTheFirstGetThatSawIt() {
        List<Operation> ops = new HistoryBuilder()
                .unknown(1, Op.put("a"), 0)
                .ok(2, Op.get(), 10, 20, Result.found("a", 1))
                .ok(3, Op.get(), 5, 15, Result.found("a", 1))
                .build();
        Operation pinned = reductions.prepare(ops).ops().get(0);
        assertThat(pinned.outcome()).isEqualTo(Outcome.OK);
        assertThat(pinned.result()).isEqualTo(Result.written(1));
        assertThat(pinned.completeNanos()).isEqualTo(15_000_000);
    }

    @Test
    void prepare_leavesAmbiguousWritesUnpinned() {
        List<Operation> twoWriters = new HistoryBuilder()
                .unknown(1, Op.put("a"), 0)
                .ok(2, Op.put("a"), 0, 1, Result.written(1))
                .ok(3, Op.get(), 5, 6, Result.found("a", 2))
                .build();
        assertThat(reductions.prepare(twoWriters).ops().get(0).isUnknown()).isTrue();

        List<Operation> decimalWithIncrements = new HistoryBuilder()
                .unknown(1, Op.put("3"), 0)
                .ok(2, Op.increment(1), 0, 1, Result.counter(1, 1))
                .ok(3, Op.get(), 5, 6, Result.found("3", 2))
                .build();
        assertThat(reductions.prepare(decimalWithIncrements).ops().get(0).isUnknown()).isTrue();
    }

    @Test
    void prepare_chainsInterchangeableUnknowns_inInvokeOrder() {
        List<Operation> ops = new HistoryBuilder()
                .unknown(1, Op.put("b"), 3)
                .unknown(2, Op.put("a"), 1)
                .unknown(3, Op.put("seen"), 2)
                .unknown(4, Op.putIfVersion("c", 1), 2)
                .unknown(5, Op.increment(1), 4)
                .unknown(6, Op.increment(1), 5)
                .ok(7, Op.get(), 10, 11, Result.found("seen", 9))
                .build();
        int[] mustFollow = reductions.prepare(ops).mustFollow();
        // put(a) (invoked first) comes before put(b); put(seen) was observed, so it is pinned.
        assertThat(mustFollow).containsExactly(1, -1, -1, -1, -1, 4, -1);
    }
}
