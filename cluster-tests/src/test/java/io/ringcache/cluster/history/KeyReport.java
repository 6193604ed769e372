package io.ringcache.cluster.history;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The verdict for one key, its ops counted by type and outcome, the search's effort, and for a
 * violation a small sub-history that is not linearizable by itself ({@code witness}).
 */
public record KeyReport(String key, Verdict verdict, Map<String, EnumMap<Outcome, Integer>> counts,
                        long statesVisited, long checkNanos, List<Operation> witness, List<String> witnessLines) {

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    public int count(String type, Outcome outcome) {
        EnumMap<Outcome, Integer> byOutcome = counts.get(type);
        return byOutcome == null ? 0 : byOutcome.getOrDefault(outcome, 0);
    }

    @Override
    public String toString() {
        String ops = counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().entrySet().stream()
                        .map(c -> c.getValue() + " " + c.getKey().name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining("/")))
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder()
                .append("key ").append(key).append(": ").append(verdict)
                .append(" (").append(ops).append("; ").append(statesVisited).append(" states, ")
                .append(checkNanos / 1_000_000).append(" ms)");
        if (!witnessLines.isEmpty()) {
            text.append("\n  smallest violating sub-history found (").append(witnessLines.size()).append(" ops):");
            witnessLines.forEach(line -> text.append("\n    ").append(line));
        }
        return text.toString();
    }
}
