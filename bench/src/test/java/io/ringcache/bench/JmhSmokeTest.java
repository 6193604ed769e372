package io.ringcache.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/** Every JMH benchmark runs once, briefly and in this JVM: they compile, set up and report. */
class JmhSmokeTest {

    @Test
    void everyBenchmarkRunsAndReports() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("io\\.ringcache\\.bench\\.jmh\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();

        assertThat(results).hasSize(6);
        assertThat(results).allSatisfy(result -> assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
