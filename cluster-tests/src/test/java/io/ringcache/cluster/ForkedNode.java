package io.ringcache.cluster;

import io.ringcache.node.testing.BlockedThreadGuard;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node in its own JVM, started from the runnable jar exactly as users start it. */
final class ForkedNode implements AutoCloseable {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Process process;
    private final String host;
    private final int grpcPort;
    private final int httpPort;
    private final Path log;

    private ForkedNode(List<String> command, Map<String, String> environment, Process process, String host,
                       int grpcPort, int httpPort, Path log) {
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.process = process;
        this.host = host;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    static ForkedNode start(String clusterName, int hazelcastPort, String join, String name) throws IOException {
        return start(clusterName, hazelcastPort, join, name, List.of(), List.of());
    }

    /**
     * Starts {@code java [jvmArgs] -jar ringcache-node.jar <test flags> [extraFlags]}; a
     * {@code --bind-host} among the extra flags is where the test then reaches the node.
     */
    static ForkedNode start(String clusterName, int hazelcastPort, String join, String name,
                            List<String> jvmArgs, List<String> extraFlags) throws IOException {
        return start(clusterName, hazelcastPort, join, name, jvmArgs, extraFlags, Map.of());
    }

    /** As above, with {@code environment} added to the node's environment. */
    static ForkedNode start(String clusterName, int hazelcastPort, String join, String name,
                            List<String> jvmArgs, List<String> extraFlags, Map<String, String> environment)
            throws IOException {
        Path jar = Path.of(System.getProperty("ringcache.node.jar", "../node/target/ringcache-node.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("runnable jar not built: " + jar.toAbsolutePath());
        }
        List<String> flags = TestNodes.flags(clusterName, hazelcastPort, join, extraFlags.toArray(String[]::new));
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(flags);
        Path logDir = Files.createDirectories(Path.of("target", "forked-nodes"));
        Path log = logDir.resolve(clusterName + "-" + name + ".log");
        String host = flags.stream().filter(f -> f.startsWith("--bind-host=")).reduce((a, b) -> b)
                .map(f -> f.substring("--bind-host=".length())).orElse("127.0.0.1");
        return new ForkedNode(command, environment, launch(command, environment, log), host,
                port(flags, "--grpc-port="), port(flags, "--http-port="), log);
    }

    private static Process launch(List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** The same node started again after it exited: same ports, same flags, same log. */
    ForkedNode restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        return new ForkedNode(command, environment, launch(command, environment, log), host, grpcPort, httpPort, log);
    }

    /** The java that runs this test, so a JDK 25 build tests nodes on JDK 25. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int port(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> Integer.parseInt(f.substring(prefix.length())))
                .findFirst().orElseThrow();
    }

    int grpcPort() {
        return grpcPort;
    }

    String host() {
        return host;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The node's readiness answer, or null while it does not answer. */
    JsonObject readiness() {
        return NodeProbe.ask(host, httpPort);
    }

    /** Whether the node is ready and sees {@code members} members. */
    boolean isReadyWith(int members) {
        JsonObject ready = readiness();
        return ready != null && ready.getInteger("http") == 200 && ready.getInteger("members") == members;
    }

    /** The value of one metric on the node's {@code GET /metrics}. */
    double metric(String name) {
        return NodeProbe.metric(host, httpPort, name);
    }

    boolean isClusterSafe() {
        return NodeProbe.clusterSafe(host, httpPort);
    }

    /**
     * SIGSTOP: the process freezes (a long GC pause, a stalled VM) but its sockets stay open. Its
     * log is marked frozen first, so {@link BlockedThreadGuard} does not take the event-loop stall
     * the freeze itself causes for a defect.
     */
    void freeze() throws IOException, InterruptedException {
        Files.writeString(log.resolveSibling(log.getFileName() + BlockedThreadGuard.FROZEN_MARK),
                "frozen by the test with SIGSTOP\n");
        signal("STOP");
    }

    /**
     * Writes the node's thread dump ({@code jcmd PID Thread.print}) beside its log, for a
     * failure's diagnosis; returns the file, or null when the dump could not be taken.
     */
    Path dumpThreads(String why) {
        Path dump = log.resolveSibling(log.getFileName() + "." + why + "-" + System.currentTimeMillis() + ".threads");
        try {
            Process jcmd = new ProcessBuilder(Path.of(javaBinary()).resolveSibling("jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(20, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return null;
            }
            return dump;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGCONT: a frozen process runs on. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: the process dies at once, as in a crash or an OOM kill. */
    void kill() throws InterruptedException {
        killWithoutWaiting();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGKILL and returns at once: with several nodes, they all die within microseconds. */
    void killWithoutWaiting() {
        process.destroyForcibly();
    }

    /** SIGTERM, then waits for the exit; returns the exit status. */
    int terminate(Duration bound) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node did not exit within " + bound + " after SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill(); // SIGKILL ends a frozen process too
        }
    }
}
