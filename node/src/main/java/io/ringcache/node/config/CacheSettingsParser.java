package io.ringcache.node.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code caches:} section of the config file into validated {@link CacheSettings}. */
final class CacheSettingsParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(mb|gb)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> KEYS = Set.of("default-ttl", "max-idle", "max-entries-per-node",
            "max-heap-per-node", "eviction", "backups", "async-backups", "read-from-backup",
            "linearizable-reads", "lost-partition-fence");
    /** A longer fence would keep a lost partition's keys unavailable for longer than any split should last. */
    private static final Duration LONGEST_FENCE = Duration.ofHours(1);

    private CacheSettingsParser() {
    }

    /**
     * Every declared cache plus {@code default} (unlimited unless declared).
     *
     * @param section the parsed YAML under {@code caches:}, or null
     */
    static Map<String, CacheSettings> parse(Object section, int defaultBackups) {
        Map<String, CacheSettings> caches = new LinkedHashMap<>();
        caches.put(CacheSettings.DEFAULT_NAME, CacheSettings.unlimited(CacheSettings.DEFAULT_NAME, defaultBackups));
        if (section == null) {
            return caches;
        }
        if (!(section instanceof Map<?, ?> declared)) {
            throw new ConfigException("caches: must map cache names to their settings");
        }
        for (Map.Entry<?, ?> entry : declared.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException("caches: '" + name + "' is not a cache name (letters, digits, '.', '_', '-'; 1-64)");
            }
            Object settings = entry.getValue() == null ? Map.of() : entry.getValue();
            if (!(settings instanceof Map<?, ?> values)) {
                throw new ConfigException("caches." + name + ": must be a map of settings");
            }
            caches.put(name, settings(name, values, defaultBackups));
        }
        return caches;
    }

    private static CacheSettings settings(String name, Map<?, ?> values, int defaultBackups) {
        for (Object key : values.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new ConfigException("caches." + name + ": unknown setting '" + key + "' (known: " + KEYS + ")");
            }
        }
        String prefix = "caches." + name + ".";
        Duration defaultTtl = duration(values, "default-ttl", prefix);
        Duration maxIdle = duration(values, "max-idle", prefix);
        if (maxIdle.toMillis() % 1000 != 0) {
            // Hazelcast keeps max-idle (and access times) in whole seconds: 500ms would silently be 1s.
            throw new ConfigException(prefix + "max-idle: '" + values.get("max-idle")
                    + "' must be whole seconds (like 30s, 10m): idle time is tracked in seconds");
        }
        int maxEntries = integer(values, "max-entries-per-node", prefix, 0, Integer.MAX_VALUE, 0);
        int maxHeapMb = heapMb(values, prefix);
        if (maxEntries > 0 && maxHeapMb > 0) {
            throw new ConfigException(prefix + "max-entries-per-node and max-heap-per-node: set one, not both");
        }
        boolean bounded = maxEntries > 0 || maxHeapMb > 0;
        CacheSettings.Eviction eviction = eviction(values, prefix, bounded);
        int backups = integer(values, "backups", prefix, 0, 6, defaultBackups);
        int asyncBackups = integer(values, "async-backups", prefix, 0, 6, 0);
        if (backups + asyncBackups > 6) {
            throw new ConfigException(prefix + "backups + async-backups must be at most 6");
        }
        boolean readFromBackup = bool(values, "read-from-backup", prefix);
        boolean linearizableReads = bool(values, "linearizable-reads", prefix);
        if (readFromBackup && linearizableReads) {
            throw new ConfigException(prefix + "read-from-backup and linearizable-reads: set one, not both "
                    + "(a backup copy may be a moment behind its owner)");
        }
        Duration fence = duration(values, "lost-partition-fence", prefix);
        if (fence.compareTo(LONGEST_FENCE) > 0) {
            throw new ConfigException(prefix + "lost-partition-fence: '" + values.get("lost-partition-fence")
                    + "' must be at most 1h (the lost partition's keys are unavailable that long)");
        }
        return new CacheSettings(name, defaultTtl, maxIdle, maxEntries, maxHeapMb, eviction, backups, asyncBackups,
                readFromBackup, linearizableReads, fence);
    }

    private static CacheSettings.Eviction eviction(Map<?, ?> values, String prefix, boolean bounded) {
        Object raw = values.get("eviction");
        if (raw == null) {
            return bounded ? CacheSettings.Eviction.LRU : CacheSettings.Eviction.NONE;
        }
        CacheSettings.Eviction eviction;
        try {
            eviction = CacheSettings.Eviction.valueOf(String.valueOf(raw).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + "eviction: '" + raw + "' is not LRU, LFU or NONE");
        }
        if (eviction != CacheSettings.Eviction.NONE && !bounded) {
            throw new ConfigException(prefix + "eviction: " + eviction
                    + " needs a limit (max-entries-per-node or max-heap-per-node)");
        }
        return eviction;
    }

    private static Duration duration(Map<?, ?> values, String key, String prefix) {
        Object raw = values.get(key);
        if (raw == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = Durations.parse(String.valueOf(raw));
            if (d.compareTo(Duration.ofDays(3650)) > 0) {
                throw new IllegalArgumentException("must be at most 3650 days");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + key + ": '" + raw + "' " + e.getMessage());
        }
    }

    private static int integer(Map<?, ?> values, String key, String prefix, int min, int max, int fallback) {
        Object raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return WholeNumbers.parseInt(String.valueOf(raw), min, max);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + key + ": '" + raw + "' " + e.getMessage());
        }
    }

    private static int heapMb(Map<?, ?> values, String prefix) {
        Object raw = values.get("max-heap-per-node");
        if (raw == null) {
            return 0;
        }
        var m = SIZE.matcher(String.valueOf(raw).trim());
        if (!m.matches()) {
            throw new ConfigException(prefix + "max-heap-per-node: '" + raw + "' is not a size like 256mb or 2gb");
        }
        long maxMb = Integer.MAX_VALUE;
        long mb = m.group(1).length() > 12 ? Long.MAX_VALUE
                : Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("gb") ? 1024 : 1);
        if (mb < 1 || mb > maxMb) {
            throw new ConfigException(prefix + "max-heap-per-node: '" + raw + "' must be between 1mb and "
                    + maxMb + "mb (" + maxMb / 1024 + "gb)");
        }
        return (int) mb;
    }

    private static boolean bool(Map<?, ?> values, String key, String prefix) {
        Object raw = values.get(key);
        if (raw == null) {
            return false;
        }
        String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(prefix + key + ": '" + raw + "' is not true or false");
        };
    }
}
