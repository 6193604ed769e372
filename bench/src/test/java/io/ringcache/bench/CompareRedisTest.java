package io.ringcache.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareRedisTest {

    /** What redis-benchmark 7.0.15 printed for {@code -t set,get ... --csv}. */
    private static final String CSV = """
            "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            "SET","80775.45","0.421","0.088","0.367","0.759","1.103","7.791"
            "GET","84495.14","0.338","0.104","0.311","0.495","0.751","6.415"
            """;

    @Test
    void parseCsv_readsEveryColumnByName() {
        List<CompareRedis.Result> results = CompareRedis.parseCsv(CSV);

        assertThat(results).containsExactly(
                new CompareRedis.Result("SET", 80775.45, 0.421, 0.088, 0.367, 0.759, 1.103, 7.791),
                new CompareRedis.Result("GET", 84495.14, 0.338, 0.104, 0.311, 0.495, 0.751, 6.415));
    }

    @Test
    void parseCsv_skipsProgressAndWarnings_andFollowsTheHeadersOrder() {
        String csv = "WARNING: Could not fetch server CONFIG\r\n"
                + "SET: rps=12000.0 (overall: 11000.0) avg_msec=0.4\r"
                + "\"test\",\"p99_latency_ms\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
                + "\"p95_latency_ms\",\"max_latency_ms\"\r\n"
                + "\"GET\",\"2.5\",\"1000.00\",\"1\",\"0.5\",\"0.9\",\"2\",\"9\"\r\n";

        assertThat(CompareRedis.parseCsv(csv)).containsExactly(
                new CompareRedis.Result("GET", 1000.0, 1, 0.5, 0.9, 2, 2.5, 9));
    }

    @Test
    void parseCsv_malformed_isAClearError() {
        assertThatThrownBy(() -> CompareRedis.parseCsv("\"SET\",\"1\"\n")).hasMessageContaining("without a header");
        assertThatThrownBy(() -> CompareRedis.parseCsv("\"test\",\"rps\"\n\"SET\",\"1\"\n"))
                .hasMessageContaining("lacks \"avg_latency_ms\"");
        assertThatThrownBy(() -> CompareRedis.parseCsv(CSV.replace("80775.45", "fast")))
                .hasMessageContaining("\"rps\" is not a number");
        assertThatThrownBy(() -> CompareRedis.parseCsv(CSV + "\"GET\",\"1\"\n")).hasMessageContaining("2 cells");
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(CompareRedis.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(CompareRedis.median(List.of(4.0, 1.0))).isEqualTo(2.5);
    }

    @Test
    void badFlags_areClearErrors() {
        assertThatThrownBy(() -> new CompareRedis(Map.of("duration", "5s"))).hasMessageContaining("unknown flag --duration");
        assertThatThrownBy(() -> new CompareRedis(Map.of("rounds", "0"))).hasMessageContaining("--rounds must be");
    }
}
