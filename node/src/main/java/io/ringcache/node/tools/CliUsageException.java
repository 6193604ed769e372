package io.ringcache.node.tools;

/** Arguments the CLI cannot use; its message is the one line shown to the user. */
final class CliUsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message, null, false, false);
    }
}
