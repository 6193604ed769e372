package io.ringcache.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run does: the operations, the keys, and how hard it pushes. Parsed from
 * {@code --name=value} or {@code --name value} flags; {@link #usage()} lists them.
 *
 * @param targets         gRPC host:port of each node to load (requests spread over them)
 * @param connections     connections per target
 * @param inFlight        requests in flight in all (closed loop); the open loop's cap on them
 * @param duration        measured time
 * @param warmup          unmeasured time before it
 * @param keys            the key space: keys {@code key-0 .. key-(keys-1)}
 * @param distribution    how keys are picked
 * @param valueBytes      the size of every written value
 * @param readRatio       the share of operations that read, 0..1
 * @param batch           keys per operation: 1 is Get/Put, more is GetMany/PutMany
 * @param rate            0 for a closed loop (as fast as answers come); otherwise operations
 *                        per second, issued on a fixed schedule (open loop; latency counts
 *                        from when each operation was due, so stalls are not hidden)
 * @param mode            unary calls, the Pipeline stream, or the client library (routed, auto-pipelined)
 * @param jsonPath        where to write the JSON report ("" for none)
 * @param cache           the named cache the gRPC modes use ("" = the default cache)
 */
public record Workload(List<String> targets, int connections, int inFlight, Duration duration, Duration warmup,
                       int keys, Distribution distribution, int valueBytes, double readRatio, int batch,
                       int rate, Mode mode, String jsonPath, String cache) {

    /** Key popularity. */
    public enum Distribution { UNIFORM, ZIPFIAN }

    /** How the ringcache client sends requests. */
    public enum Mode { UNARY, PIPELINED, CLIENT }

    public Workload {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--target: at least one host:port");
        }
        check(connections >= 1, "--connections must be at least 1");
        check(inFlight >= 1, "--in-flight must be at least 1");
        check(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        check(!warmup.isNegative(), "--warmup must not be negative");
        check(keys >= 1, "--keys must be at least 1");
        check(valueBytes >= 0, "--value-size must not be negative");
        check(readRatio >= 0 && readRatio <= 1, "--read-ratio must be within 0..1");
        check(batch >= 1 && batch <= 1000, "--batch must be within 1..1000");
        check(rate >= 0, "--rate must not be negative");
        check(cache.isEmpty() || mode == Mode.UNARY, "--cache works with --mode unary only");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults: those of the pinned comparison (docs/benchmarks.md). */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new TreeMap<>();
        defaults.put("target", "127.0.0.1:7070");
        defaults.put("connections", "2");
        defaults.put("in-flight", "64");
        defaults.put("duration", "20s");
        defaults.put("warmup", "5s");
        defaults.put("keys", "100000");
        defaults.put("distribution", "uniform");
        defaults.put("value-size", "100");
        defaults.put("read-ratio", "0.9");
        defaults.put("batch", "1");
        defaults.put("rate", "0");
        defaults.put("mode", "unary");
        defaults.put("json", "");
        defaults.put("cache", "");
        return defaults;
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        defaults().forEach((name, value) -> text.append(String.format("  --%-13s (default %s)%n", name,
                value.isEmpty() ? "none" : value)));
        return text.toString();
    }

    /** Parses flags over the defaults; unknown flags are an error. */
    static Workload parse(Map<String, String> flags) {
        Map<String, String> all = defaults();
        flags.forEach((name, value) -> {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
            all.put(name, value);
        });
        List<String> targets = new ArrayList<>();
        for (String target : all.get("target").split(",")) {
            if (!target.isBlank()) {
                targets.add(target.trim());
            }
        }
        return new Workload(targets, integer(all, "connections"), integer(all, "in-flight"),
                duration(all.get("duration")), duration(all.get("warmup")), integer(all, "keys"),
                Distribution.valueOf(all.get("distribution").toUpperCase(Locale.ROOT)), integer(all, "value-size"),
                Double.parseDouble(all.get("read-ratio")), integer(all, "batch"), integer(all, "rate"),
                Mode.valueOf(all.get("mode").toUpperCase(Locale.ROOT)), all.get("json"), all.get("cache"));
    }

    Workload withMode(Mode newMode) {
        return new Workload(targets, connections, inFlight, duration, warmup, keys, distribution, valueBytes,
                readRatio, batch, rate, newMode, jsonPath, cache);
    }

    Workload withTargets(List<String> newTargets) {
        return new Workload(newTargets, connections, inFlight, duration, warmup, keys, distribution, valueBytes,
                readRatio, batch, rate, mode, jsonPath, cache);
    }

    Workload withDuration(Duration newDuration, Duration newWarmup) {
        return new Workload(targets, connections, inFlight, newDuration, newWarmup, keys, distribution, valueBytes,
                readRatio, batch, rate, mode, jsonPath, cache);
    }

    private static int integer(Map<String, String> flags, String name) {
        try {
            return Integer.parseInt(flags.get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + flags.get(name));
        }
    }

    /** "20s", "500ms", "2m" or plain seconds. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 20s, 500ms, 2m)");
        }
    }
}
