package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

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
}
