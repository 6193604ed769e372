package io.ringcache.node.config;

/** A setting has a value the node cannot use; the message names the setting and the value. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
