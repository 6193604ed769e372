package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The WGL search (with the reductions) answers what the definition answers, on random histories. */
class WglAgreesWithBruteForceTest {

    private static final int SEEDS = 4_000;

    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final BruteForceLinearizability bruteForce = new BruteForceLinearizability();

    @Test
    void randomSmallHistories_sameVerdictAsBruteForce() {
        int linearizable = 0;
        int violations = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomHistories random = new RandomHistories(seed);
            List<Operation> history = corruptedIf(seed % 3 != 0, random,
                    random.history(1 + (int) (seed % 7), 3, 4, 8, 0.25));
            boolean expected = bruteForce.linearizable(history);
            KeyReport report = checker.check(history).key(HistoryBuilder.KEY);
            assertThat(report.verdict()).as("seed %d: %s\n%s", seed, history, report)
                    .isEqualTo(verdictOf(expected));
            if (expected) {
                linearizable++;
            } else {
                violations++;
                assertThat(bruteForce.linearizable(report.witness()))
                        .as("seed %d: the witness must fail on its own: %s", seed, report).isFalse();
            }
        }
        System.out.printf("WGL agreed with brute force on %d histories: %d linearizable, %d not%n",
                SEEDS, linearizable, violations);
        assertThat(linearizable).isGreaterThan(SEEDS / 4);
        assertThat(violations).isGreaterThan(SEEDS / 4);
    }

    @Test
    void unknownHeavyHistories_sameVerdictAsBruteForce() {
        for (long seed = 0; seed < 1_000; seed++) {
            RandomHistories random = new RandomHistories(1_000_000 + seed);
            List<Operation> history = corruptedIf(seed % 2 == 0, random, random.history(7, 4, 3, 10, 0.6));
            boolean expected = bruteForce.linearizable(history);
            assertThat(checker.check(history).key(HistoryBuilder.KEY).verdict()).as("seed %d: %s", seed, history)
                    .isEqualTo(verdictOf(expected));
        }
    }

    @Test
    void highlyConcurrentHistories_sameVerdictAsBruteForce() {
        int violations = 0;
        for (long seed = 0; seed < 2_000; seed++) {
            RandomHistories random = new RandomHistories(2_000_000 + seed);
            List<Operation> history = corruptedIf(seed % 2 == 0, random, random.history(7, 7, 1, 20, 0.2));
            boolean expected = bruteForce.linearizable(history);
            violations += expected ? 0 : 1;
            assertThat(checker.check(history).key(HistoryBuilder.KEY).verdict()).as("seed %d: %s", seed, history)
                    .isEqualTo(verdictOf(expected));
        }
        System.out.printf("WGL agreed with brute force on 2000 highly concurrent histories, %d not linearizable%n", violations);
    }

    @Test
    void withAnUnknownHorizon_sameVerdictAsBruteForce() {
        LinearizabilityChecker horizonChecker = new LinearizabilityChecker(SearchBudget.DEFAULT, java.time.Duration.ofNanos(6));
        int violations = 0;
        for (long seed = 0; seed < 1_500; seed++) {
            RandomHistories random = new RandomHistories(3_000_000 + seed);
            List<Operation> history = corruptedIf(seed % 2 == 0, random, random.history(7, 4, 3, 10, 0.5));
            List<Operation> bounded = history.stream()
                    .map(o -> o.isUnknown() ? new Operation(o.id(), o.process(), o.key(), o.op(), o.invokeNanos(),
                            o.invokeNanos() + 6, Outcome.UNKNOWN, null) : o)
                    .toList();
            boolean expected = bruteForce.linearizable(bounded);
            violations += expected ? 0 : 1;
            assertThat(horizonChecker.check(history).key(HistoryBuilder.KEY).verdict()).as("seed %d: %s", seed, history)
                    .isEqualTo(verdictOf(expected));
        }
        System.out.printf("WGL with an unknown horizon agreed with brute force on 1500 histories, %d not linearizable%n",
                violations);
    }

    /** {@code history}, or when {@code corrupt} a copy with one answer changed (if one can be). */
    private static List<Operation> corruptedIf(boolean corrupt, RandomHistories random, List<Operation> history) {
        List<Operation> corrupted = corrupt ? random.corrupt(history) : null;
        return corrupted == null ? history : corrupted;
    }

    private static Verdict verdictOf(boolean linearizable) {
        return linearizable ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
    }
}
