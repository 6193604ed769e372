package io.ringcache.node.tools;

import java.util.Arrays;
import java.util.Optional;

/** Every option the CLI takes, written {@code --name value} or {@code --name=value}. */
enum CliOption {
    HELP("help", null, "print this text"),
    CACHE("cache", "NAME", "the named cache (default: default)"),
    TIMEOUT("timeout", "DURATION", "how long a call may take, retries included (default: 5s)"),
    TOKEN("token", "TOKEN", "the nodes' auth token (else RINGCACHE_TOKEN; --token-file keeps it out of ps)"),
    TOKEN_FILE("token-file", "FILE", "a file holding the auth token"),
    TLS("tls", null, "speak TLS, trusting the JVM's certificate authorities"),
    TLS_CA("tls-ca", "FILE", "speak TLS, trusting the CA certificates in this PEM file"),
    TLS_CERT("tls-cert", "FILE", "a client certificate (PEM) for nodes that require one; with --tls-key"),
    TLS_KEY("tls-key", "FILE", "the client certificate's private key (PEM)"),
    TTL("ttl", "DURATION", "time to live: 60 or 60s, 500ms, 2m, 1h; 0 = never expires (put: the cache's default-ttl)"),
    IF_ABSENT("if-absent", null, "put only if the key does not exist"),
    IF_PRESENT("if-present", null, "put only if the key exists"),
    IF_VERSION("if-version", "N", "only if the key has version N (compare-and-set)"),
    INITIAL("initial", "N", "a missing key's value before the increment (default: 0)");

    private final String name;
    private final String valueName;
    private final String description;

    CliOption(String name, String valueName, String description) {
        this.name = name;
        this.valueName = valueName;
        this.description = description;
    }

    static Optional<CliOption> byName(String name) {
        return Arrays.stream(values()).filter(option -> option.name.equals(name)).findFirst();
    }

    boolean takesValue() {
        return valueName != null;
    }

    String flag() {
        return "--" + name;
    }

    /** How the option is written in the usage text, e.g. {@code --ttl DURATION}. */
    String synopsis() {
        return takesValue() ? flag() + " " + valueName : flag();
    }

    String description() {
        return description;
    }
}
