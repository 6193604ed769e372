package io.ringcache.node.config;

/**
 * A configured credential. Its text is reachable only through {@link #reveal()}, so printing
 * a configuration (records print every field) never prints it.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** Whether no credential is configured. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The credential itself: for the code that checks it, never for logs or messages. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isEmpty() ? "(none)" : "(redacted)";
    }
}
