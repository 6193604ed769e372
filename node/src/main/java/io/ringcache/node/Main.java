package io.ringcache.node;

import io.ringcache.node.config.ConfigException;
import io.ringcache.node.config.ConfigLoader;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Setting;
import io.ringcache.node.config.Settings;
import io.ringcache.node.tools.CacheCli;
import io.ringcache.node.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one ringcache node until SIGTERM or SIGINT, then shuts it down gracefully and exits 0. */
public final class Main {

    /** The logback property that picks the appender; set before the first log line. */
    static final String LOG_FORMAT_PROPERTY = "ringcache.log.format";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cli")) {
            CacheCli.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(help());
            return;
        }
        NodeConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("ringcache: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Nothing has logged yet (loggers here are looked up only when used): logback reads this
        // property when it configures itself on the first log call.
        System.setProperty(LOG_FORMAT_PROPERTY, config.logFormat().settingValue());
        warnAboutUnknownVariables(System.getenv());
        // DNS join re-resolves its name while joining: don't serve stale answers for 30 s.
        Security.setProperty("networkaddress.cache.ttl", "5");
        Security.setProperty("networkaddress.cache.negative.ttl", "1");

        // A node whose member is gone can serve nothing: exit non-zero so a supervisor restarts it.
        Tracing tracing;
        try {
            tracing = Tracing.fromEnvironment(System.getenv());
        } catch (RuntimeException e) {
            // An exporter this build lacks, a malformed endpoint: say which, don't print a trace.
            System.err.println("ringcache: the OTEL_* tracing settings are not usable: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (tracing.enabled()) {
            log().info("Tracing on: a span per request, exported as the OTEL_* settings say");
        }
        RingcacheNode node = new RingcacheNode(config, tracing, lost -> exitAfterStopping(lost, tracing, config, 1));
        Signal.handle(new Signal("TERM"), signal -> exitAfterStopping(node, tracing, config, 0));
        Signal.handle(new Signal("INT"), signal -> exitAfterStopping(node, tracing, config, 0));
        try {
            // The JVM's main thread only waits here for start-up; no event loop is involved.
            node.start().toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            System.exit(1);
        }
    }

    private static void exitAfterStopping(RingcacheNode node, Tracing tracing, NodeConfig config,
                                          int statusIfStopped) {
        Thread stopper = new Thread(() -> {
            int status = statusIfStopped;
            try {
                // A start in progress finishes first (join), then drain and hand-off, each bounded.
                long bound = config.joinWait().multipliedBy(2)
                        .plus(config.shutdownTimeout().multipliedBy(2)).plusSeconds(30).toMillis();
                node.stop().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log().error("Graceful shutdown did not complete: {}", e.toString());
                status = 1;
            }
            // The last requests' spans are still queued for export.
            tracing.close();
            System.exit(status);
        }, "ringcache-shutdown");
        stopper.start();
    }

    private static void warnAboutUnknownVariables(Map<String, String> env) {
        env.keySet().stream()
                .filter(name -> name.startsWith("RINGCACHE_"))
                .filter(name -> Settings.byEnvName(name).isEmpty())
                .forEach(name -> log().warn("Ignoring unknown environment variable {}", name));
    }

    private static Logger log() {
        return LoggerFactory.getLogger(Main.class);
    }

    /** Width of the help text; descriptions wrap within it, under their setting. */
    private static final int HELP_WIDTH = 100;

    static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar ringcache-node.jar [--setting=value ...]
                       java -jar ringcache-node.jar cli --help     (the command-line client)

                Runs one ringcache node. Each setting comes from, highest first: its flag, its
                environment variable, the YAML file named by --config, its default.

                """);
        int flagWidth = Settings.ALL.stream().mapToInt(s -> s.flag().length()).max().orElse(0);
        int envWidth = Settings.ALL.stream().mapToInt(s -> s.envName().length()).max().orElse(0);
        String indent = "      ";
        for (Setting setting : Settings.ALL) {
            text.append(String.format("  %-" + flagWidth + "s  %-" + envWidth + "s  default: %s%n", setting.flag(),
                    setting.envName(), setting.defaultValue().isEmpty() ? "(empty)" : setting.defaultValue()));
            text.append(wrap(setting.description(), indent, HELP_WIDTH));
        }
        return text.toString();
    }

    /** The words of {@code text} in lines of at most {@code width} characters, each indented. */
    static String wrap(String text, String indent, int width) {
        StringBuilder lines = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        return lines.append(line).append(System.lineSeparator()).toString();
    }
}
