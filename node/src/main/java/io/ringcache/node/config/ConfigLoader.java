package io.ringcache.node.config;

import io.ringcache.node.routing.Slots;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link NodeConfig}: defaults, then the YAML file named by {@code config}, then
 * {@code RINGCACHE_*} environment variables, then {@code --name=value} flags.
 */
public final class ConfigLoader {

    /** The config-file section that declares named caches. */
    public static final String CACHES_KEY = "caches";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration from flags and an environment.
     *
     * @throws ConfigException naming the setting and value that cannot be used
     */
    public static NodeConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (Setting setting : Settings.ALL) {
            String value = env.get(setting.envName());
            // Empty counts as unset: compose's ${VAR} of an unset VAR must not override the file.
            if (value != null && !value.isBlank()) {
                fromEnv.put(setting.name(), value);
            }
        }
        String configPath = flags.getOrDefault(Settings.CONFIG.name(),
                fromEnv.getOrDefault(Settings.CONFIG.name(), ""));

        Map<String, String> values = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> values.put(s.name(), s.defaultValue()));
        Object cachesSection = null;
        if (!configPath.isBlank()) {
            Map<?, ?> file = readFile(Path.of(configPath));
            cachesSection = file.get(CACHES_KEY);
            values.putAll(settingsOf(file, Path.of(configPath)));
        }
        values.putAll(fromEnv);
        values.putAll(flags);
        return build(values, cachesSection);
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "' (settings are --name=value; see --help)");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new ConfigException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (Settings.byName(name).isEmpty()) {
                throw new ConfigException("unknown setting --" + name + " (see --help)");
            }
            flags.put(name, value);
        }
        return flags;
    }

    private static Map<?, ?> readFile(Path path) {
        Object document;
        try (Reader reader = Files.newBufferedReader(path)) {
            document = textOnlyYaml().load(reader);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read '" + path + "': " + reason(e));
        } catch (RuntimeException e) {
            throw new ConfigException("config: '" + path + "' is not valid YAML: " + e.getMessage());
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("config: '" + path + "' must be a map of setting names to values");
        }
        return map;
    }

    /** The file's plain settings: every key but {@code caches}. */
    private static Map<String, String> settingsOf(Map<?, ?> file, Path path) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : file.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.equals(CACHES_KEY)) {
                continue;
            }
            if (Settings.byName(name).isEmpty() || name.equals(Settings.CONFIG.name())) {
                throw new ConfigException("config: unknown setting '" + name + "' in '" + path + "'");
            }
            Object value = entry.getValue();
            if (value instanceof Map || value instanceof Iterable) {
                throw new ConfigException("config: setting '" + name + "' in '" + path + "' must be a single value");
            }
            values.put(name, value == null ? "" : String.valueOf(value));
        }
        return values;
    }

    /**
     * Plain maps, lists and scalars only, never arbitrary types (SafeConstructor), and every
     * scalar as its text: YAML 1.1 would read {@code on} as true and {@code 07070} as octal.
     */
    private static Yaml textOnlyYaml() {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        // none: scalars stay strings
                    }
                });
    }

    private static NodeConfig build(Map<String, String> values, Object cachesSection) {
        int grpcPort = port(values, Settings.GRPC_PORT);
        int httpPort = port(values, Settings.HTTP_PORT);
        int hazelcastPort = port(values, Settings.HAZELCAST_PORT);
        RespSettings resp = resp(values);
        if (grpcPort == httpPort || grpcPort == hazelcastPort || httpPort == hazelcastPort
                || (resp.enabled() && (resp.port() == grpcPort || resp.port() == httpPort || resp.port() == hazelcastPort))) {
            throw new ConfigException("grpc-port (" + grpcPort + "), http-port (" + httpPort + "), resp-port ("
                    + (resp.enabled() ? resp.port() : "off") + ") and hazelcast-port (" + hazelcastPort
                    + ") must all differ");
        }
        int maxKeyBytes = integer(values, Settings.MAX_KEY_BYTES, 1, 16 * 1024 * 1024);
        int maxValueBytes = integer(values, Settings.MAX_VALUE_BYTES, 0, 512 * 1024 * 1024);
        int maxRequestBytes = integer(values, Settings.MAX_REQUEST_BYTES, 1024, Integer.MAX_VALUE);
        if ((long) maxRequestBytes < (long) maxKeyBytes + maxValueBytes + 1024) {
            throw new ConfigException("max-request-bytes (" + maxRequestBytes + ") must exceed max-key-bytes ("
                    + maxKeyBytes + ") + max-value-bytes (" + maxValueBytes + ") by at least 1024");
        }
        int grpcEventLoops = integer(values, Settings.GRPC_EVENT_LOOPS, 0, 1024);
        NodeConfig config = new NodeConfig(
                grpcPort,
                grpcEventLoops == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : grpcEventLoops,
                httpPort,
                resp,
                hazelcastPort,
                text(values, Settings.BIND_HOST, false),
                text(values, Settings.ADVERTISE_HOST, true),
                text(values, Settings.CLIENT_HOST, true),
                text(values, Settings.CLUSTER_NAME, false),
                parse(values, Settings.JOIN, v -> JoinSpec.parse(v, hazelcastPort)),
                integer(values, Settings.BACKUPS, 0, 6),
                integer(values, Settings.PARTITION_COUNT, 1, Slots.COUNT),
                maxKeyBytes,
                maxValueBytes,
                integer(values, Settings.MAX_BATCH_KEYS, 1, 100_000),
                maxRequestBytes,
                duration(values, Settings.MEMBER_TIMEOUT, Duration.ofSeconds(2), Duration.ofMinutes(5)),
                duration(values, Settings.JOIN_WAIT, Duration.ZERO, Duration.ofMinutes(5)),
                duration(values, Settings.SHUTDOWN_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                duration(values, Settings.IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1)),
                duration(values, Settings.REQUEST_READ_TIMEOUT, Duration.ofMillis(100), Duration.ofHours(1)),
                integer(values, Settings.HEAP_WRITE_LIMIT, 10, 100),
                parse(values, Settings.SPLIT_BRAIN_PROTECTION, QuorumSpec::parse),
                parse(values, Settings.MERGE_POLICY, MergePolicy::parse),
                duration(values, Settings.LOST_DATA_WINDOW, Duration.ZERO, Duration.ofDays(7)),
                duration(values, Settings.DELETED_KEY_RETENTION, Duration.ZERO, Duration.ofDays(1)),
                tls(values),
                authToken(values),
                parse(values, Settings.LOG_FORMAT, LogFormat::parse),
                CacheSettingsParser.parse(cachesSection, integer(values, Settings.BACKUPS, 0, 6)));
        config.resp().databases().forEach((index, cache) -> {
            if (!config.caches().containsKey(cache)) {
                throw new ConfigException("resp-databases: database " + index + " names cache '" + cache
                        + "', which is not configured (caches: " + String.join(", ", config.caches().keySet()) + ")");
            }
        });
        return config;
    }

    private static RespSettings resp(Map<String, String> values) {
        boolean off = values.get(Settings.RESP_PORT.name()).trim().equalsIgnoreCase("off");
        return new RespSettings(off ? 0 : port(values, Settings.RESP_PORT),
                parse(values, Settings.RESP_DATABASES, RespSettings::parseDatabases),
                parse(values, Settings.RESP_REDIRECT, RespSettings.Redirect::parse),
                integer(values, Settings.RESP_MAX_IN_FLIGHT, 1, 1_000_000),
                eventLoops(integer(values, Settings.RESP_EVENT_LOOPS, 0, 1024), Runtime.getRuntime().availableProcessors()));
    }

    /** {@code 0} means {@code whenZero}. */
    private static int eventLoops(int configured, int whenZero) {
        return configured == 0 ? Math.max(1, whenZero) : configured;
    }

    private static TlsSettings tls(Map<String, String> values) {
        Duration handshakeTimeout = duration(values, Settings.TLS_HANDSHAKE_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(5));
        String cert = text(values, Settings.TLS_CERT, true);
        String key = text(values, Settings.TLS_KEY, true);
        String clientCa = text(values, Settings.TLS_CLIENT_CA, true);
        if (cert.isEmpty() != key.isEmpty()) {
            throw new ConfigException("tls-cert and tls-key must be set together");
        }
        if (cert.isEmpty()) {
            if (!clientCa.isEmpty()) {
                throw new ConfigException("tls-client-ca needs tls-cert and tls-key: client certificates are "
                        + "only asked for over TLS");
            }
            return TlsSettings.off(handshakeTimeout);
        }
        return new TlsSettings(readable(Settings.TLS_CERT, cert), readable(Settings.TLS_KEY, key),
                clientCa.isEmpty() ? null : readable(Settings.TLS_CLIENT_CA, clientCa), handshakeTimeout);
    }

    private static Secret authToken(Map<String, String> values) {
        String token = values.get(Settings.AUTH_TOKEN.name()).trim();
        String file = text(values, Settings.AUTH_TOKEN_FILE, true);
        if (!token.isEmpty() && !file.isEmpty()) {
            throw new ConfigException("set auth-token or auth-token-file, not both");
        }
        if (!file.isEmpty()) {
            try {
                token = Files.readString(readable(Settings.AUTH_TOKEN_FILE, file)).trim();
            } catch (IOException e) {
                throw new ConfigException("auth-token-file: cannot read '" + file + "': " + reason(e));
            }
            if (token.isEmpty()) {
                throw new ConfigException("auth-token-file: '" + file + "' is empty");
            }
        }
        // The value itself never appears in a message: it may be a real credential.
        if (token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new ConfigException("the auth token must be printable ASCII without spaces");
        }
        return new Secret(token);
    }

    /** Why a file could not be read; the file-system exceptions' messages are only the path. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Path readable(Setting setting, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(setting.name() + ": '" + file + "' is not a readable file");
        }
        return path;
    }

    private static String text(Map<String, String> values, Setting setting, boolean mayBeEmpty) {
        String value = values.get(setting.name()).trim();
        if (value.isEmpty() && !mayBeEmpty) {
            throw new ConfigException(setting.name() + " must not be empty");
        }
        return value;
    }

    private static int port(Map<String, String> values, Setting setting) {
        return integer(values, setting, 1, 65535);
    }

    private static int integer(Map<String, String> values, Setting setting, int min, int max) {
        return parse(values, setting, v -> WholeNumbers.parseInt(v, min, max));
    }

    private static Duration duration(Map<String, String> values, Setting setting, Duration min, Duration max) {
        return parse(values, setting, v -> {
            Duration d = Durations.parse(v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + Durations.format(min) + " and "
                        + Durations.format(max));
            }
            return d;
        });
    }

    private static <T> T parse(Map<String, String> values, Setting setting, Function<String, T> parser) {
        String value = values.get(setting.name());
        try {
            return parser.apply(value);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(setting.name() + ": '" + value + "' " + e.getMessage());
        }
    }
}
