package io.ringcache.cluster.history;

import java.util.List;
import java.util.stream.Collectors;

/** One {@link KeyReport} per key of a history, in key order. */
public record HistoryReport(List<KeyReport> keys) {

    /** Whether every key was found linearizable (an exceeded budget is not). */
    public boolean linearizable() {
        return keys.stream().allMatch(KeyReport::linearizable);
    }

    public boolean anyViolation() {
        return keys.stream().anyMatch(k -> k.verdict() == Verdict.NOT_LINEARIZABLE);
    }

    public KeyReport key(String key) {
        return keys.stream().filter(k -> k.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key " + key + " in the history"));
    }

    @Override
    public String toString() {
        return keys.stream().map(KeyReport::toString).collect(Collectors.joining("\n"));
    }
}
