package io.ringcache.node.cluster;

import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The caches a member declares, as it publishes them in a member attribute (set before it
 * starts, so every member sees them), and the comparison of every member's declarations. Cache
 * names hold only letters, digits, '.', '_' and '-', so ';' and ':' can separate them.
 */
public final class CacheDeclarations {

    /** Member attribute holding the member's declared caches with their settings. */
    public static final String ATTRIBUTE = "ringcache.caches";

    /**
     * A cache the members do not all declare alike.
     *
     * @param cache     its name
     * @param declared  each member that declares it (by address) with its settings, in member order
     * @param missingOn the members that do not declare it
     */
    public record Mismatch(String cache, Map<String, String> declared, List<String> missingOn) {

        /** As {@code /health/ready} and {@code /v1/cluster} show it. */
        public JsonObject toJson() {
            return new JsonObject()
                    .put("cache", cache)
                    .put("declared", new JsonObject(new LinkedHashMap<String, Object>(declared)))
                    .put("missing_on", new JsonArray(missingOn));
        }

        /** One clause of the warning line. */
        public String describe() {
            String settings = declared.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            return missingOn.isEmpty()
                    ? "'" + cache + "' has different settings: " + settings
                    : "'" + cache + "' declared on " + settings + " but not on " + String.join(", ", missingOn);
        }
    }

    private CacheDeclarations() {
    }

    /** The attribute value declaring {@code caches}. */
    public static String encode(Collection<CacheSettings> caches) {
        return caches.stream().map(c -> c.name() + ":" + settings(c)).collect(Collectors.joining(";"));
    }

    /** Cache name to settings text, from an attribute value written by {@link #encode}. */
    static Map<String, String> decode(String attribute) {
        Map<String, String> caches = new LinkedHashMap<>();
        for (String entry : attribute.split(";")) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                caches.put(entry.substring(0, colon), entry.substring(colon + 1));
            }
        }
        return caches;
    }

    /** Every setting that changes how a cache behaves, in the config file's words. */
    static String settings(CacheSettings cache) {
        return "default-ttl=" + Durations.format(cache.defaultTtl())
                + " max-idle=" + Durations.format(cache.maxIdle())
                + " max-entries-per-node=" + cache.maxEntriesPerNode()
                + " max-heap-per-node=" + cache.maxHeapPerNodeMb() + "mb"
                + " eviction=" + cache.eviction()
                + " backups=" + cache.backups()
                + " async-backups=" + cache.asyncBackups()
                + " read-from-backup=" + cache.readFromBackup()
                // Named only when on, so members from before the setting existed still agree.
                + (cache.linearizableReads() ? " linearizable-reads=true" : "")
                + (cache.fencesLostPartitions()
                        ? " lost-partition-fence=" + Durations.format(cache.lostPartitionFence()) : "");
    }

    /**
     * The caches not declared alike by every member, by cache name.
     *
     * @param byMember each member's declarations (cache name to settings text), by address, in
     *                 member order; members whose declarations are unknown are left out
     */
    static List<Mismatch> compare(Map<String, Map<String, String>> byMember) {
        TreeSet<String> names = new TreeSet<>();
        byMember.values().forEach(caches -> names.addAll(caches.keySet()));
        List<Mismatch> mismatches = new ArrayList<>();
        for (String name : names) {
            Map<String, String> declared = new LinkedHashMap<>();
            List<String> missingOn = new ArrayList<>();
            byMember.forEach((member, caches) -> {
                String settings = caches.get(name);
                if (settings == null) {
                    missingOn.add(member);
                } else {
                    declared.put(member, settings);
                }
            });
            boolean alike = missingOn.isEmpty() && declared.values().stream().distinct().count() == 1;
            if (!alike) {
                mismatches.add(new Mismatch(name, Collections.unmodifiableMap(declared), List.copyOf(missingOn)));
            }
        }
        return List.copyOf(mismatches);
    }
}
