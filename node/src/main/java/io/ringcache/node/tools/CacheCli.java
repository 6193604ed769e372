package io.ringcache.node.tools;

import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheClientBuilder;
import io.ringcache.client.RingcacheException;
import io.ringcache.proto.v1.TopologyResponse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The command-line client in the runnable jar, for checks from any host or container:
 * {@code java -jar ringcache-node.jar cli HOST[:PORT] COMMAND ...}; {@code --help} lists the
 * commands, options and exit statuses. Calls go through the Java client library, with HOST:PORT
 * as its seed. {@link #run} does the work and returns the exit status, so tests call it with
 * their own streams.
 */
public final class CacheCli {

    /** The command did what was asked. */
    static final int OK = 0;
    /** The key does not exist, or a condition did not hold. */
    static final int NO = 1;
    /** The command line cannot be used. */
    static final int USAGE = 2;
    /** No ringcache gRPC endpoint answered: nothing listens, wrong port or protocol, TLS mismatch, timeout. */
    static final int UNREACHABLE = 3;
    /** The node refused the call: unknown cache, bad token, bad key or value. */
    static final int REFUSED = 4;

    /** gRPC status codes the CLI explains. */
    private static final int NOT_FOUND = 5;
    private static final int PERMISSION_DENIED = 7;
    private static final int UNAUTHENTICATED = 16;

    private static final String NAME = "ringcache-cli";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    CacheCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The client's Vert.x logs a line per failed connection attempt: the CLI says what failed itself.
        System.setProperty("ringcache.log.level", "OFF");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command line.
     *
     * @return the exit status ({@code --help} lists them)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CacheCli(System.getenv(), out, err).run(args);
    }

    int run(String[] args) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
            if (arguments.has(CliOption.HELP) || arguments.operands().isEmpty()) {
                (arguments.has(CliOption.HELP) ? out : err).print(usage());
                return arguments.has(CliOption.HELP) ? OK : USAGE;
            }
            List<String> operands = arguments.operands();
            NodeAddress address = NodeAddress.parse(operands.get(0));
            if (operands.size() < 2) {
                throw new CliUsageException("no command after " + operands.get(0) + " (see --help)");
            }
            CliCommand command = CliCommand.byWord(operands.get(1)).orElseThrow(() ->
                    new CliUsageException("unknown command '" + operands.get(1) + "' (see --help)"));
            List<String> commandOperands = operands.subList(2, operands.size());
            command.check(arguments, commandOperands.size());
            return call(address, command, commandOperands, arguments);
        } catch (CliUsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return USAGE;
        }
    }

    private int call(NodeAddress address, CliCommand command, List<String> operands, CliArguments arguments) {
        Duration timeout = arguments.value(CliOption.TIMEOUT).map(v -> CliValues.duration(v, CliOption.TIMEOUT))
                .orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new CliUsageException("--timeout must be positive");
        }
        boolean tls = arguments.has(CliOption.TLS) || arguments.has(CliOption.TLS_CA) || arguments.has(CliOption.TLS_CERT);
        RingcacheClientBuilder builder = builder(address, arguments, timeout);
        Duration probeTimeout = timeout.compareTo(MAX_PROBE_TIMEOUT) < 0 ? timeout : MAX_PROBE_TIMEOUT;
        if (!tls) {
            // Plain text: find a wrong port before gRPC retries it until the deadline.
            String wrong = diagnose(address, EndpointProbe.probe(address, probeTimeout), false, probeTimeout);
            if (wrong != null) {
                err.println(NAME + ": " + wrong);
                return UNREACHABLE;
            }
        }
        try (RingcacheClient client = builder.build()) {
            String cacheName = arguments.value(CliOption.CACHE).orElse("");
            CliCommands commands = new CliCommands(client.cache(cacheName).blocking(),
                    () -> topology(client, timeout), out);
            return commands.run(command, operands, arguments);
        } catch (RingcacheException e) {
            return failed(address, e, tls, timeout, probeTimeout);
        } catch (IllegalArgumentException e) {
            // The library's own checks (a key too long to encode, say).
            err.println(NAME + ": " + e.getMessage());
            return USAGE;
        }
    }

    private RingcacheClientBuilder builder(NodeAddress address, CliArguments arguments, Duration timeout) {
        RingcacheClientBuilder builder = RingcacheClient.builder().seeds(address.seed()).deadline(timeout)
                .connectTimeout(timeout.compareTo(MAX_PROBE_TIMEOUT) < 0 ? timeout : MAX_PROBE_TIMEOUT)
                // One short-lived call: a pipeline stream per node would only add connections.
                .pipelining(false);
        builder.token(token(arguments));
        if (arguments.has(CliOption.TLS)) {
            builder.tls();
        }
        arguments.value(CliOption.TLS_CA).ifPresent(ca -> builder.trustCertificate(readable(CliOption.TLS_CA, ca)));
        if (arguments.has(CliOption.TLS_CERT) != arguments.has(CliOption.TLS_KEY)) {
            throw new CliUsageException("--tls-cert and --tls-key go together");
        }
        if (arguments.has(CliOption.TLS_CERT)) {
            builder.clientCertificate(readable(CliOption.TLS_CERT, arguments.value(CliOption.TLS_CERT).orElseThrow()),
                    readable(CliOption.TLS_KEY, arguments.value(CliOption.TLS_KEY).orElseThrow()));
        }
        return builder;
    }

    private String token(CliArguments arguments) {
        if (arguments.has(CliOption.TOKEN) && arguments.has(CliOption.TOKEN_FILE)) {
            throw new CliUsageException("give --token or --token-file, not both");
        }
        if (arguments.has(CliOption.TOKEN_FILE)) {
            String file = arguments.value(CliOption.TOKEN_FILE).orElseThrow();
            try {
                String token = Files.readString(Path.of(file)).trim();
                if (token.isEmpty()) {
                    throw new CliUsageException("--token-file: '" + file + "' is empty");
                }
                return token;
            } catch (NoSuchFileException e) {
                throw new CliUsageException("--token-file: '" + file + "': no such file");
            } catch (IOException e) {
                throw new CliUsageException("--token-file: cannot read '" + file + "': " + e.getMessage());
            }
        }
        return arguments.value(CliOption.TOKEN).orElse(env.getOrDefault("RINGCACHE_TOKEN", ""));
    }

    private static Path readable(CliOption option, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new CliUsageException(option.flag() + ": '" + file + "' is not a readable file");
        }
        return path;
    }

    private static TopologyResponse topology(RingcacheClient client, Duration timeout) {
        try {
            return client.topology().toCompletableFuture().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RingcacheException failure ? failure
                    : new RingcacheException(13, "INTERNAL", String.valueOf(e.getCause()), false, e.getCause());
        } catch (TimeoutException e) {
            throw new RingcacheException(4, "DEADLINE_EXCEEDED", "no answer within " + timeout.toMillis() + " ms",
                    false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RingcacheException(1, "CANCELLED", "interrupted", false, e);
        }
    }

    private int failed(NodeAddress address, RingcacheException e, boolean tls, Duration timeout, Duration probeTimeout) {
        String message = e.getMessage();
        if (e.isConnectionFailure()) {
            String wrong = diagnose(address, EndpointProbe.probe(address, probeTimeout), tls, probeTimeout);
            err.println(NAME + ": " + (wrong != null ? wrong : "cannot reach " + address + ": " + message));
            return UNREACHABLE;
        }
        if (e.code() == RingcacheException.DEADLINE_EXCEEDED) {
            err.println(NAME + ": " + address + " gave no answer within " + timeout.toMillis()
                    + " ms (raise --timeout?)");
            return UNREACHABLE;
        }
        String hint = switch (e.code()) {
            case UNAUTHENTICATED -> " (give the nodes' auth token: --token-file FILE, --token or RINGCACHE_TOKEN)";
            case PERMISSION_DENIED -> " (the node wants a client certificate its CA signed: --tls-cert and --tls-key)";
            case NOT_FOUND -> " (caches are declared in the nodes' config file)";
            default -> "";
        };
        err.println(NAME + ": " + message + hint);
        return e.code() == RingcacheException.UNAVAILABLE ? UNREACHABLE : REFUSED;
    }

    /** One line saying why the address is not a usable gRPC endpoint, or null when it may be one. */
    private static String diagnose(NodeAddress address, EndpointProbe.Finding finding, boolean tls, Duration probeTimeout) {
        String port = " the gRPC port is " + NodeAddress.DEFAULT_GRPC_PORT + " by default";
        return switch (finding) {
            case REFUSED -> "cannot connect to " + address + ": connection refused (is a node running there?" + port + ")";
            case UNKNOWN_HOST -> "unknown host '" + address.host() + "'";
            case UNREACHABLE -> "cannot reach " + address + " within " + probeTimeout.toMillis() + " ms";
            case HTTP -> address + " does not speak gRPC (it answers HTTP/1.1: is it the HTTP port?" + port + ")";
            case RESP -> address + " does not speak gRPC (it answers the Redis protocol: is it the RESP port?"
                    + port + ")";
            case TLS_OR_CLOSED -> tls ? null : address + " does not answer plain text: if the nodes use TLS, give"
                    + " --tls-ca CA.pem (or --tls to trust the JVM's authorities)";
            case GRPC -> tls ? address + " speaks plain-text gRPC, not TLS: drop --tls, --tls-ca and --tls-cert" : null;
            case UNKNOWN -> address + " does not speak gRPC (something else answers there;" + port + ")";
        };
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar ringcache-node.jar cli HOST[:PORT] COMMAND [ARGS] [OPTIONS]
                       (or java -cp ringcache-node.jar io.ringcache.node.tools.CacheCli ...)

                Calls a ringcache node's gRPC API (PORT: the node's grpc-port, 7070 by default; IPv6 as
                [::1]:7070). Any node answers for any key. Keys and values are UTF-8 text. For ad-hoc key
                work redis-cli against the RESP port (6379) works too; this tool adds what it cannot
                show: topology, a key's owner and slot, versions and compare-and-set, named caches.

                Commands:
                """);
        text.append(Columns.format(Arrays.stream(CliCommand.values())
                .map(command -> new String[]{"  " + command.synopsis(), command.description()}).toList()));
        text.append("\nOptions:\n");
        text.append(Columns.format(Arrays.stream(CliOption.values())
                .map(option -> new String[]{"  " + option.synopsis(), option.description()}).toList()));
        text.append("""

                Exit status:
                  0  done
                  1  the key does not exist, or a condition (--if-absent, --if-present, --if-version) did not hold
                  2  bad command line
                  3  no ringcache gRPC endpoint answered: nothing listens, another protocol (HTTP, RESP) or
                     TLS setting there, no answer within --timeout, or the node is starting or stopping
                  4  the node refused the call: unknown cache, missing or wrong token, key or value too large
                """);
        return text.toString();
    }
}
