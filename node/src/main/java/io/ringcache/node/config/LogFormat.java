package io.ringcache.node.config;

import java.util.Locale;

/** How the node writes its log lines. */
public enum LogFormat {
    /** Human-readable lines. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON;

    static LogFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not one of text, json");
        }
    }

    /** The setting's own spelling. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
