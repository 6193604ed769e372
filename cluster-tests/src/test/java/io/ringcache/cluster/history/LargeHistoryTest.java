package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LargeHistoryTest {

    @Test
    void twentyThousandOps_tenProcesses_fiveKeys_checkWithinBudget() {
        List<Operation> history = new ArrayList<>();
        for (int key = 0; key < 5; key++) {
            RandomHistories random = new RandomHistories(42 + key);
            history.addAll(random.history("key" + key, 4_000, 10, 3, 20, 0.01, history.size()));
        }
        long unknown = history.stream().filter(Operation::isUnknown).count();
        long start = System.nanoTime();
        HistoryReport report = new LinearizabilityChecker().check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("checked %d ops (%d unknown) on 5 keys in %d ms%n%s%n", history.size(), unknown, millis, report);
        assertThat(report.linearizable()).as(report.toString()).isTrue();
        assertThat(unknown).isGreaterThan(50);
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void unknownHeavyHistory_aThirdUnknown_checksWithinBudget() {
        List<Operation> history = new RandomHistories(7).history("hot", 3_000, 10, 3, 20, 0.3, 0);
        long unknown = history.stream().filter(Operation::isUnknown).count();
        long start = System.nanoTime();
        HistoryReport report = new LinearizabilityChecker().check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("checked %d ops (%d unknown) on one key in %d ms: %s%n", history.size(), unknown, millis,
                report.key("hot"));
        assertThat(report.linearizable()).as(report.toString()).isTrue();
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void sixtyThousandOps_oneHotKey_fifteenProcesses_checkWithinBudget() {
        List<Operation> history = new RandomHistories(3).history("hot", 60_000, 15, 3, 20, 0.005, 0);
        long start = System.nanoTime();
        HistoryReport report = new LinearizabilityChecker().check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("checked %d ops on one key, 15 processes, in %d ms: %s%n", history.size(), millis,
                report.key("hot").toString().replaceAll("\\(.*;", "("));
        assertThat(report.linearizable()).as(report.toString()).isTrue();
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void staleReadInTheMiddleOfTwentyThousandOps_isFound_withASmallWitness() {
        // No unknown calls: with 1% unknown, proving a violation this deep exhausts the budget
        // unless the checker may assume a horizon (next test).
        List<Operation> history = new ArrayList<>(new RandomHistories(11).history("hot", 20_000, 10, 3, 20, 0, 0));
        assertStaleReadFound(history, new LinearizabilityChecker());
    }

    @Test
    void staleReadAmongUnknownCalls_isFound_underAnEffectHorizon() {
        // The generator applies an unknown call within its 20 ns interval: a 50 ns horizon holds.
        List<Operation> history = new ArrayList<>(new RandomHistories(11).history("hot", 20_000, 10, 3, 20, 0.01, 0));
        assertStaleReadFound(history, new LinearizabilityChecker(SearchBudget.DEFAULT, Duration.ofNanos(50)));
    }

    private static void assertStaleReadFound(List<Operation> history, LinearizabilityChecker checker) {
        // A Get that completed in the middle answers the value of the put two versions back.
        int middle = 10_000;
        while (!(history.get(middle).op() instanceof Op.Get && history.get(middle).outcome() == Outcome.OK
                && history.get(middle).result() instanceof Result.GetResult get && get.found() && get.version() > 2
                && earlierPut(history, middle, get.version() - 2) != null)) {
            middle++;
        }
        Operation read = history.get(middle);
        Result.GetResult seen = (Result.GetResult) read.result();
        Operation older = earlierPut(history, middle, seen.version() - 2);
        history.set(middle, read.pinned(read.completeNanos(),
                Result.found(((Op.Put) older.op()).value(), seen.version() - 2)));
        long unknown = history.stream().filter(Operation::isUnknown).count();
        long start = System.nanoTime();
        KeyReport report = checker.check(history).key("hot");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("found a stale read among %d ops (%d unknown) in %d ms:%n%s%n", history.size(), unknown, millis,
                report.toString().replaceAll("\\(.*;", "("));
        assertThat(report.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(report.witness()).contains(history.get(middle)).hasSizeLessThanOrEqualTo(25);
        assertThat(millis).isLessThan(10_000);
    }

    /** The put ALWAYS acknowledged at {@code version} that completed last before op {@code index} was invoked. */
    private static Operation earlierPut(List<Operation> history, int index, long version) {
        Operation found = null;
        for (Operation o : history.subList(0, index)) {
            if (o.op() instanceof Op.Put put && put.condition() == Op.Condition.ALWAYS && o.outcome() == Outcome.OK
                    && o.result().equals(Result.written(version))
                    && o.completeNanos() < history.get(index).invokeNanos()) {
                found = o;
            }
        }
        return found;
    }
}
