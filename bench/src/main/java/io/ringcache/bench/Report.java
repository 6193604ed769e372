package io.ringcache.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The outcome of one measured run: throughput, latency percentiles, errors by status. */
record Report(String label, Workload workload, long elapsedNanos, long readKeys, long writeKeys,
              Histogram readLatency, Histogram writeLatency, Map<String, Long> errors) {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** Operations per second, counting a batch of n keys as n operations. */
    double opsPerSecond() {
        return (readKeys + writeKeys) / (elapsedNanos / 1e9);
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The human table. */
    String table() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: %,.0f ops/s (%s, %d in flight, %s, %d keys, %s, %d-byte values, "
                        + "%.0f%% reads, batch %d%s)%n", label, opsPerSecond(), workload.mode().name().toLowerCase(
                        Locale.ROOT), workload.inFlight(), workload.connections() + " connection(s) per target",
                workload.keys(), workload.distribution().name().toLowerCase(Locale.ROOT), workload.valueBytes(),
                workload.readRatio() * 100, workload.batch(),
                workload.rate() > 0 ? ", open loop at " + workload.rate() + "/s" : ", closed loop"));
        text.append(String.format(Locale.ROOT, "  %-6s %12s %9s %9s %9s %9s %9s%n", "op", "count", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
        row(text, "read", readLatency);
        row(text, "write", writeLatency);
        text.append("  errors: ").append(errors.isEmpty() ? "none" : new TreeMap<>(errors).toString())
                .append(System.lineSeparator());
        return text.toString();
    }

    private static void row(StringBuilder text, String op, Histogram latency) {
        if (latency.getTotalCount() == 0) {
            return;
        }
        text.append(String.format(Locale.ROOT, "  %-6s %,12d", op, latency.getTotalCount()));
        for (double percentile : PERCENTILES) {
            text.append(String.format(Locale.ROOT, " %9.3f", millis(latency.getValueAtPercentile(percentile))));
        }
        text.append(String.format(Locale.ROOT, " %9.3f%n", millis(latency.getMaxValue())));
    }

    /** One JSON object: the settings, the figures, the errors. */
    String json() {
        StringBuilder json = new StringBuilder("{");
        field(json, "label", quote(label)).append(',');
        field(json, "mode", quote(workload.mode().name().toLowerCase(Locale.ROOT))).append(',');
        field(json, "in_flight", workload.inFlight()).append(',');
        field(json, "connections", workload.connections()).append(',');
        field(json, "keys", workload.keys()).append(',');
        field(json, "distribution", quote(workload.distribution().name().toLowerCase(Locale.ROOT))).append(',');
        field(json, "value_bytes", workload.valueBytes()).append(',');
        field(json, "read_ratio", workload.readRatio()).append(',');
        field(json, "batch", workload.batch()).append(',');
        field(json, "rate", workload.rate()).append(',');
        field(json, "duration_s", elapsedNanos / 1e9).append(',');
        field(json, "ops_per_s", Math.round(opsPerSecond())).append(',');
        field(json, "read", latencyJson(readLatency)).append(',');
        field(json, "write", latencyJson(writeLatency)).append(',');
        StringBuilder errorJson = new StringBuilder("{");
        new TreeMap<>(errors).forEach((status, count) -> {
            if (errorJson.length() > 1) {
                errorJson.append(',');
            }
            field(errorJson, status, count);
        });
        field(json, "errors", errorJson.append('}'));
        return json.append('}').toString();
    }

    private static String latencyJson(Histogram latency) {
        StringBuilder json = new StringBuilder("{");
        field(json, "count", latency.getTotalCount());
        for (double percentile : PERCENTILES) {
            json.append(',');
            field(json, "p" + (percentile == Math.rint(percentile) ? String.valueOf((int) percentile)
                    : String.valueOf(percentile)) + "_ms", millis(latency.getValueAtPercentile(percentile)));
        }
        json.append(',');
        field(json, "max_ms", millis(latency.getMaxValue()));
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, Object value) {
        return json.append(quote(name)).append(':').append(value);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
