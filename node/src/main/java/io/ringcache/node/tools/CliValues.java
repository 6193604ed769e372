package io.ringcache.node.tools;

import io.ringcache.node.config.Durations;

import java.time.Duration;

/** Option and operand values read as numbers and durations, with one-line errors. */
final class CliValues {

    private CliValues() {
    }

    /** {@code --ttl}: whole seconds, or a duration like 500ms, 60s, 2m, 1h; zero when not given. */
    static Duration ttl(CliArguments arguments) {
        return arguments.value(CliOption.TTL).map(v -> duration(v, CliOption.TTL)).orElse(Duration.ZERO);
    }

    static Duration duration(String text, CliOption option) {
        String value = text.trim();
        try {
            return value.matches("\\d{1,12}") ? Duration.ofSeconds(Long.parseLong(value)) : Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(option.flag() + ": '" + text + "' is not a duration (like 60, 500ms, 60s, 2m, 1h)");
        }
    }

    static long version(CliArguments arguments) {
        long version = whole(arguments.value(CliOption.IF_VERSION).orElseThrow(), "--if-version");
        if (version <= 0) {
            throw new CliUsageException("--if-version: versions start at 1, not " + version);
        }
        return version;
    }

    static long whole(String text, String what) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CliUsageException(what + ": '" + text + "' is not a whole number (a 64-bit integer)");
        }
    }
}
