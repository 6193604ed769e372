package io.ringcache.node.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fails a test during which a Vert.x event loop was blocked: the node must never block one, and
 * a warning in a log nobody reads is how that went unnoticed. Registered for every test class by
 * JUnit's extension auto-detection (META-INF/services and junit-platform.properties in this
 * module's test resources, which the test-jar carries to cluster-tests).
 *
 * <p>Two sources: Vert.x's blocked-thread checker in this JVM (its logger, through SLF4J), and the
 * logs of nodes forked into JVMs of their own under {@link #FORKED_NODE_LOGS}. A warning logged
 * while a class sets up or tears down fails the class. Only event loops count: a worker may run
 * long by design. A test that blocks a loop on purpose takes its warnings by declaring a
 * {@link Warnings} parameter. A forked node a test froze (SIGSTOP) is left out from then on: every
 * thread of a frozen process stops, and after SIGCONT the checker reports its event loops blocked
 * for as long as the freeze lasted, whatever the code does; the freezer marks its log with a
 * sibling file ending in {@link #FROZEN_MARK}.
 */
public final class BlockedThreadGuard implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {

    /** Vert.x 5's {@code BlockedThreadChecker.LOGGER_NAME}. */
    public static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    /** Where cluster-tests' ForkedNode writes each forked node's output. */
    public static final Path FORKED_NODE_LOGS = Path.of("target", "forked-nodes");
    /** Appended to a forked node's log file name, the name of a file saying the test froze that node. */
    public static final String FROZEN_MARK = ".frozen";
    private static final String BLOCKED = "has been blocked";
    private static final String EVENT_LOOP = "eventloop";
    private static final int STACK_LINES = 12;

    @Override
    public void beforeAll(ExtensionContext context) {
        // Whatever was logged before this class belongs to no test of it.
        warnings(context).take();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        classWarnings(context).addAll(warnings(context).take());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failIfAny(warnings(context).take(), "during this test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> found = classWarnings(context);
        found.addAll(warnings(context).take());
        failIfAny(found, "while this class set up or tore down");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Warnings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return warnings(context);
    }

    private static void failIfAny(List<String> warnings, String when) {
        if (!warnings.isEmpty()) {
            throw new AssertionError("a Vert.x event loop was blocked " + when + " (" + warnings.size()
                    + " warning(s)); never block one:\n" + String.join("\n", warnings));
        }
    }

    private static Warnings warnings(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(BlockedThreadGuard.class))
                .getOrComputeIfAbsent(Warnings.class, ignored -> new Warnings(FORKED_NODE_LOGS), Warnings.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> classWarnings(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(BlockedThreadGuard.class, context.getRequiredTestClass()))
                .getOrComputeIfAbsent("class", ignored -> new ArrayList<String>(), List.class);
    }

    /**
     * The blocked-thread warnings since the last {@link #take}: from the checker's logger in this
     * JVM, and lines added to the forked nodes' logs.
     */
    public static final class Warnings implements ExtensionContext.Store.CloseableResource {

        private final Logger checker = (Logger) LoggerFactory.getLogger(CHECKER_LOGGER);
        private final List<String> logged = new ArrayList<>();
        private final Map<Path, Long> readUpTo = new HashMap<>();
        private final Path forkedLogs;
        private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (!event.getFormattedMessage().contains(EVENT_LOOP)) {
                    return;
                }
                synchronized (logged) {
                    logged.add(describe(event));
                }
            }
        };

        public Warnings(Path forkedLogs) {
            this.forkedLogs = forkedLogs;
            appender.setName("blocked-thread-guard");
            appender.setContext(checker.getLoggerContext());
            appender.start();
            checker.addAppender(appender);
            // Logs that exist now were written before: only what is added from here on counts.
            forkedLogFiles().forEach(log -> readUpTo.put(log, size(log)));
        }

        /** The warnings since the last call. */
        public List<String> take() {
            List<String> found;
            synchronized (logged) {
                found = new ArrayList<>(logged);
                logged.clear();
            }
            forkedLogFiles().forEach(log -> found.addAll(newBlockedLines(log)));
            return found;
        }

        private List<String> newBlockedLines(Path log) {
            long from = readUpTo.getOrDefault(log, 0L);
            long to = size(log);
            if (to <= from || Files.exists(log.resolveSibling(log.getFileName() + FROZEN_MARK))) {
                return List.of();
            }
            byte[] added = new byte[(int) Math.min(to - from, Integer.MAX_VALUE)];
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                file.seek(from);
                file.readFully(added);
            } catch (IOException e) {
                return List.of();
            }
            String text = new String(added, StandardCharsets.UTF_8);
            int lastLineEnd = text.lastIndexOf('\n');
            if (lastLineEnd < 0) {
                return List.of(); // a line still being written: read it whole next time
            }
            readUpTo.put(log, from + text.substring(0, lastLineEnd + 1).getBytes(StandardCharsets.UTF_8).length);
            List<String> found = new ArrayList<>();
            String[] lines = text.substring(0, lastLineEnd).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(BLOCKED) && lines[i].contains(EVENT_LOOP)) {
                    StringBuilder warning = new StringBuilder(log.getFileName() + ": " + lines[i]);
                    for (int j = i + 1; j < lines.length && j <= i + STACK_LINES && continuesEntry(lines[j]); j++) {
                        warning.append('\n').append(lines[j]);
                    }
                    found.add(warning.toString());
                }
            }
            return found;
        }

        /** A stack trace's line: log entries begin with their time (text) or a brace (JSON). */
        private static boolean continuesEntry(String line) {
            return !line.isEmpty() && !Character.isDigit(line.charAt(0)) && line.charAt(0) != '{';
        }

        private List<Path> forkedLogFiles() {
            if (!Files.isDirectory(forkedLogs)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(forkedLogs)) {
                return files.filter(file -> file.toString().endsWith(".log")).toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }

        private static String describe(ILoggingEvent event) {
            StringBuilder text = new StringBuilder("[" + event.getThreadName() + "] " + event.getFormattedMessage());
            IThrowableProxy stack = event.getThrowableProxy();
            if (stack != null) {
                StackTraceElementProxy[] frames = stack.getStackTraceElementProxyArray();
                for (int i = 0; i < Math.min(frames.length, STACK_LINES); i++) {
                    text.append("\n\tat ").append(frames[i].getStackTraceElement());
                }
            }
            return text.toString();
        }

        @Override
        public void close() {
            checker.detachAppender(appender);
            appender.stop();
        }
    }
}
