package io.ringcache.node.config;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Redis protocol (RESP) endpoint's settings.
 *
 * @param port        the RESP port; 0 when the endpoint is off ({@code resp-port=off})
 * @param databases   Redis database index to cache name; index 0 is always present
 * @param redirect    whether a node answers keys it does not own itself or with {@code MOVED}
 * @param maxInFlight commands one connection may have in progress before the node stops reading from it
 * @param eventLoops  event loops serving RESP connections (each connection stays on one)
 */
public record RespSettings(int port, Map<Integer, String> databases, Redirect redirect, int maxInFlight,
                           int eventLoops) {

    /** What a node does with a single-key command for a key another member owns. */
    public enum Redirect {
        /** Serves it, routing the key to its owner (the default: any node serves any key). */
        SERVE,
        /** Answers {@code MOVED slot host:port}, as a Redis Cluster node does. */
        MOVED;

        /** Parses {@code serve} or {@code moved}. */
        public static Redirect parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "serve" -> SERVE;
                case "moved" -> MOVED;
                default -> throw new IllegalArgumentException("is not serve or moved");
            };
        }
    }

    public RespSettings {
        databases = Collections.unmodifiableMap(new TreeMap<>(databases));
    }

    /** Whether the node serves RESP at all. */
    public boolean enabled() {
        return port != 0;
    }

    /**
     * Parses {@code resp-databases}: {@code index=cache} pairs separated by commas, for example
     * {@code 0=default,1=sessions}. Database 0 is {@code default} unless the mapping names it.
     */
    public static Map<Integer, String> parseDatabases(String text) {
        Map<Integer, String> databases = new TreeMap<>();
        databases.put(0, "default");
        if (text == null || text.isBlank()) {
            return databases;
        }
        Map<Integer, String> given = new TreeMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException("has '" + pair.trim() + "': write index=cache pairs, e.g. 0=default,1=sessions");
            }
            String indexText = parts[0].trim();
            if (!indexText.matches("\\d+")) {
                throw new IllegalArgumentException("has '" + indexText + "', which is not a database index");
            }
            if (indexText.length() > 4 || Integer.parseInt(indexText) > 1023) {
                throw new IllegalArgumentException("has database index " + indexText + ": indexes are 0-1023");
            }
            int index = Integer.parseInt(indexText);
            if (given.put(index, parts[1].trim()) != null) {
                throw new IllegalArgumentException("maps database " + index + " twice");
            }
        }
        databases.putAll(given);
        return databases;
    }
}
