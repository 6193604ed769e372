package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;

import java.nio.charset.StandardCharsets;

/**
 * Every RESP error reply: Redis 7's wording for the errors Redis itself has (clients match on
 * some of them, e.g. the unknown-command text decides a client's RESP3 fallback), and the one
 * mapping from the operation layer's {@link CacheError} to RESP error codes.
 */
final class RespErrors {

    static final String SYNTAX = "ERR syntax error";
    static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    static final String NOT_A_FLOAT = "ERR value is not a valid float";
    static final String OVERFLOW = "ERR increment or decrement would overflow";
    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String NO_PASSWORD = "ERR AUTH <password> called without any password configured for the default user. "
            + "Are you sure your configuration is correct?";
    static final String NOPROTO = "NOPROTO unsupported protocol version";
    static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";

    private RespErrors() {
    }

    /** {@code ERR wrong number of arguments for 'get' command}; {@code name} in lower case, "client|setname" for a subcommand. */
    static String wrongArity(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }

    /** Redis 7.0's unknown-command reply, quoting the name and the first arguments. */
    static String unknownCommand(byte[][] args) {
        StringBuilder text = new StringBuilder("ERR unknown command '").append(clip(args[0], 128))
                .append("', with args beginning with: ");
        for (int i = 1; i < args.length && text.length() < 256; i++) {
            text.append('\'').append(clip(args[i], 128 - Math.min(128, text.length() / 2))).append("' ");
        }
        return text.toString();
    }

    static String unknownSubcommand(String command, byte[] subcommand) {
        return "ERR unknown subcommand '" + clip(subcommand, 128) + "'. Try " + command.toUpperCase(java.util.Locale.ROOT)
                + " HELP.";
    }

    /**
     * The error a failed operation answers. Retryable refusals are {@code TRYAGAIN} (Redis
     * clients retry it), a node that does not serve at all (no quorum, starting, draining) is
     * {@code CLUSTERDOWN} (cluster clients refresh their view and go elsewhere).
     */
    static String of(Throwable failure) {
        if (failure instanceof RespError error) {
            return error.getMessage();
        }
        if (!(failure instanceof CacheException cache)) {
            return "ERR internal error";
        }
        String message = cache.getMessage();
        return switch (cache.error()) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION -> "ERR " + message;
            case CACHE_NOT_FOUND -> "ERR " + message + "; this database maps to a cache the cluster does not have";
            case RESOURCE_EXHAUSTED -> "OOM " + message;
            case UNAVAILABLE -> (cache.nodeNotServing() ? "CLUSTERDOWN " : "TRYAGAIN ") + message;
            case UNAUTHENTICATED -> NOAUTH;
            case PERMISSION_DENIED -> "NOPERM " + message;
            case INTERNAL -> "ERR internal error: " + message;
        };
    }

    private static String clip(byte[] bytes, int max) {
        String text = new String(bytes, 0, Math.min(bytes.length, Math.max(max, 0)), StandardCharsets.UTF_8);
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
