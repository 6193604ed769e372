package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private KeyReport check(HistoryBuilder history) {
        return checker.check(history.build()).key(HistoryBuilder.KEY);
    }

    private static void assertLinearizable(KeyReport report) {
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(report.witness()).isEmpty();
    }

    private static void assertViolation(KeyReport report, int maxWitnessOps) {
        System.out.println(report);
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(report.witness()).as(report.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(maxWitnessOps);
        assertThat(report.witnessLines()).hasSameSizeAs(report.witness());
    }

    // ---- linearizable histories

    @Test
    void sequential_everyOperationKind_isLinearizable() {
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.get(), 0, 1, Result.absent())
                .ok(1, Op.put("a"), 2, 3, Result.written(1))
                .ok(1, Op.get(), 4, 5, Result.found("a", 1))
                .ok(1, Op.putIfVersion("b", 1), 6, 7, Result.written(2))
                .ok(1, Op.putIfVersion("c", 1), 8, 9, Result.notWritten(2))
                .ok(1, Op.putIfAbsent("d"), 10, 11, Result.notWritten(2))
                .ok(1, Op.increment(1), 12, 13, Result.incrementRefused())
                .ok(1, Op.deleteIfVersion(1), 14, 15, Result.deleted(false))
                .ok(1, Op.delete(), 16, 17, Result.deleted(true))
                .ok(1, Op.delete(), 18, 19, Result.deleted(false))
                .ok(1, Op.putIfPresent("e"), 20, 21, Result.notWritten(0))
                .ok(1, Op.put("5"), 22, 23, Result.written(1))
                .ok(1, Op.increment(2), 24, 25, Result.counter(7, 2))
                .ok(1, Op.get(), 26, 27, Result.found("7", 2))
                .ok(1, Op.deleteIfVersion(2), 28, 29, Result.deleted(true))
                .ok(1, Op.increment(1), 30, 31, Result.counter(1, 1))
                .ok(1, Op.putIfAbsent("f"), 32, 33, Result.notWritten(1))
                .failed(2, Op.put("never"), 34, 35)
                .ok(1, Op.get(), 36, 37, Result.found("1", 1))));
    }

    @Test
    void concurrentOverlappingWrites_eitherOrderFits() {
        // b is invoked later but takes effect first; the read sees a, written last at version 2.
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 10, Result.written(2))
                .ok(2, Op.put("b"), 1, 9, Result.written(1))
                .ok(3, Op.get(), 2, 8, Result.found("b", 1))
                .ok(3, Op.get(), 11, 12, Result.found("a", 2))));
    }

    @Test
    void unknownWrite_thatTookEffect_isLinearizable() {
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .unknown(2, Op.put("b"), 2)
                .ok(1, Op.get(), 5, 6, Result.found("b", 2))
                .ok(1, Op.put("c"), 7, 8, Result.written(3))));
    }

    @Test
    void unknownWrite_seenOnlyThroughVersions_isLinearizable() {
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .unknown(2, Op.put("b"), 2)
                .ok(1, Op.put("c"), 10, 11, Result.written(3))
                .ok(1, Op.get(), 12, 13, Result.found("c", 3))));
    }

    @Test
    void unknownWrite_thatNeverTookEffect_isLinearizable() {
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .unknown(2, Op.put("b"), 2)
                .unknown(3, Op.increment(1), 2)
                .unknown(4, Op.delete(), 3)
                .ok(1, Op.get(), 5, 6, Result.found("a", 1))
                .ok(1, Op.put("c"), 7, 8, Result.written(2))));
    }

    @Test
    void casRace_oneWins() {
        assertLinearizable(check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.putIfVersion("b", 1), 2, 6, Result.notWritten(2))
                .ok(3, Op.putIfVersion("c", 1), 3, 5, Result.written(2))
                .ok(1, Op.get(), 7, 8, Result.found("c", 2))));
    }

    @Test
    void manyUnknownWrites_pilingUp_checkQuickly() {
        HistoryBuilder history = new HistoryBuilder().ok(1, Op.put("a"), 0, 1, Result.written(1));
        for (int i = 0; i < 60; i++) {
            history.unknown(2 + i, Op.put("lost" + i), 2 + i);
        }
        history.ok(1, Op.put("b"), 100, 101, Result.written(4))
                .ok(1, Op.get(), 102, 103, Result.found("b", 4));
        KeyReport report = check(history);
        assertLinearizable(report);
        assertThat(report.statesVisited()).isLessThan(10_000);
    }

    // ---- violations

    @Test
    void lostWrite_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.put("b"), 2, 3, Result.written(2))
                .ok(3, Op.get(), 4, 5, Result.found("a", 1))
                .ok(1, Op.put("c"), 20, 21, Result.written(3)));
        assertViolation(report, 3);
    }

    @Test
    void staleRead_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.put("b"), 2, 20, Result.written(2))
                .ok(3, Op.get(), 3, 4, Result.found("b", 2))
                .ok(4, Op.get(), 5, 6, Result.found("a", 1))
                .ok(3, Op.get(), 21, 22, Result.found("b", 2)));
        assertViolation(report, 4);
        assertThat(report.witness()).extracting(Operation::process).contains(3, 4);
    }

    @Test
    void doubleAppliedCas_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.putIfVersion("b", 1), 2, 5, Result.written(2))
                .ok(3, Op.putIfVersion("c", 1), 3, 6, Result.written(2))
                .ok(1, Op.get(), 7, 8, Result.found("c", 2)));
        assertViolation(report, 2);
        assertThat(report.witness()).extracting(Operation::process).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void readFromTheFuture_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.get(), 2, 3, Result.found("b", 2))
                .ok(1, Op.put("b"), 4, 5, Result.written(2)));
        assertViolation(report, 3);
        assertThat(report.witness()).extracting(Operation::op).contains(Op.get(), Op.put("b"));
    }

    @Test
    void deleteUndone_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.delete(), 2, 3, Result.deleted(true))
                .ok(3, Op.get(), 4, 5, Result.found("a", 1)));
        assertViolation(report, 3);
    }

    @Test
    void unknownWrite_readBeforeItWasInvoked_isAViolation() {
        KeyReport report = check(new HistoryBuilder()
                .ok(1, Op.put("a"), 0, 1, Result.written(1))
                .ok(2, Op.get(), 2, 3, Result.found("b", 2))
                .unknown(3, Op.put("b"), 4));
        assertViolation(report, 3);
    }

    @Test
    void separateKeys_areJudgedSeparately() {
        List<Operation> history = new HistoryBuilder()
                .ok("good", 1, Op.put("a"), 0, 1, Result.written(1))
                .ok("good", 2, Op.get(), 2, 3, Result.found("a", 1))
                .ok("bad", 1, Op.put("a"), 0, 1, Result.written(1))
                .ok("bad", 2, Op.get(), 2, 3, Result.absent())
                .build();
        HistoryReport report = checker.check(history);
        assertThat(report.key("good").verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(report.key("bad").verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(report.key("good").count("put", Outcome.OK)).isEqualTo(1);
        assertThat(report.linearizable()).isFalse();
        assertThat(report.anyViolation()).isTrue();
    }

    @Test
    void exhaustedBudget_answersUnknown_insteadOfSearchingOn() {
        // 9 deletes and 9 put-if-absent, all concurrent and all applied, then an impossible read:
        // proving the violation means visiting every way of interleaving them.
        HistoryBuilder history = new HistoryBuilder();
        for (int i = 0; i < 9; i++) {
            history.ok(i, Op.putIfAbsent("w" + i), 0, 100, Result.written(1))
                    .ok(10 + i, Op.delete(), 0, 100, Result.deleted(true));
        }
        history.ok(99, Op.get(), 200, 210, Result.found("w3", 7));
        LinearizabilityChecker small = new LinearizabilityChecker(
                new SearchBudget(5_000, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        KeyReport report = small.check(history.build()).key(HistoryBuilder.KEY);
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN_BUDGET_EXCEEDED);
        assertThat(report.linearizable()).isFalse();
    }
}
