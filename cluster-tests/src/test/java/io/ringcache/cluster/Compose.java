package io.ringcache.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives the repository's real docker-compose.yml under a project name of its own, with
 * Debian's docker-compose (or `docker compose`). Every command is bounded in time; a machine
 * without Docker fails here, loudly.
 *
 * <p>Each instance builds the node image from this checkout's jar, under a tag derived from the
 * checkout's path (the layers are cached, so a build with an unchanged jar takes a second
 * or two): a tag shared by every checkout would let the tests run an image another one built.
 * Without registry access the environment must name a local base
 * ({@code BASE_IMAGE=ringcache-base:local}, as {@code .ci/run} exports).
 */
final class Compose implements AutoCloseable {

    private static final Path FILE = Path.of("..", "docker-compose.yml").toAbsolutePath().normalize();

    private final String project = "rcit" + UUID.randomUUID().toString().substring(0, 8);
    /** Where a config file given to the constructor appears in every node's container. */
    private static final String MOUNTED_CONFIG = "/etc/ringcache/ringcache.yaml";

    private final List<String> base;
    /** Per running container: it keeps its pid and network address until it is killed. */
    private final Map<Integer, String> pids = new ConcurrentHashMap<>();
    private final Map<Integer, String> addresses = new ConcurrentHashMap<>();

    Compose() {
        this(Map.of());
    }

    /** The compose file with {@code environment} added to the node service's environment. */
    Compose(Map<String, String> environment) {
        this(environment, null);
    }

    /**
     * As {@link #Compose(Map)}, every node also reading {@code configFile} (the text of a
     * ringcache config file, as {@code --config} takes; null for none), mounted read-only.
     */
    Compose(Map<String, String> environment, String configFile) {
        List<String> files = new ArrayList<>(List.of("-f", FILE.toString(), "-f",
                writeOverride(environment, configFile).toString()));
        base = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/docker-compose"))) {
            base.add("/usr/bin/docker-compose");
        } else {
            base.addAll(List.of("docker", "compose"));
        }
        base.addAll(List.of("-p", project));
        base.addAll(files);
        String version = run(Duration.ofSeconds(30), "version");
        if (version.isBlank()) {
            throw new IllegalStateException("docker compose is not available on this machine");
        }
        run(Duration.ofMinutes(5), "build", "node");
    }

    /** The node image, built from this checkout. */
    static String image() {
        return "ringcache-node:it-" + Integer.toHexString(FILE.getParent().toString().hashCode());
    }

    String project() {
        return project;
    }

    private Path writeOverride(Map<String, String> environment, String configFile) {
        StringBuilder yaml = new StringBuilder("services:\n  node:\n    image: \"" + image() + "\"\n");
        Map<String, String> variables = new LinkedHashMap<>(environment);
        if (configFile != null) {
            variables.put("RINGCACHE_CONFIG", MOUNTED_CONFIG);
        }
        if (!variables.isEmpty()) {
            yaml.append("    environment:\n");
        }
        variables.forEach((name, value) -> yaml.append("      ").append(name).append(": \"").append(value)
                .append("\"\n"));
        try {
            Path dir = Files.createDirectories(Path.of("target", "compose"));
            if (configFile != null) {
                Path config = Files.writeString(dir.resolve(project + ".ringcache.yaml"), configFile).toAbsolutePath();
                yaml.append("    volumes:\n      - \"").append(config).append(':').append(MOUNTED_CONFIG).append(":ro\"\n");
            }
            return Files.writeString(dir.resolve(project + ".override.yml"), yaml).toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compose network, for containers the test starts beside the nodes. */
    String network() {
        return project + "_default";
    }

    void up(int nodes) {
        pids.clear(); // scaling may replace or remove containers
        addresses.clear();
        run(Duration.ofMinutes(5), "up", "-d", "--no-build", "--scale", "node=" + nodes);
    }

    /** host:port on 127.0.0.1 of node {@code index} (1-based, as compose numbers them). */
    int port(int index, int containerPort) {
        String mapping = run(Duration.ofSeconds(30), "port", "--index=" + index, "node", Integer.toString(containerPort))
                .trim();
        if (!mapping.startsWith("127.0.0.1:")) {
            throw new IllegalStateException("node " + index + " port " + containerPort + " is published as '"
                    + mapping + "', not on 127.0.0.1");
        }
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
    }

    /** Container id of node {@code index}. */
    String container(int index) {
        return docker(Duration.ofSeconds(30), "ps", "-q", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.container-number=" + index).trim();
    }

    void kill(int index) {
        docker(Duration.ofSeconds(30), "kill", container(index));
        pids.remove(index);
        addresses.remove(index);
    }

    /** How many of the project's containers Docker reports healthy (their image's HEALTHCHECK passes). */
    int healthyCount() {
        return (int) docker(Duration.ofSeconds(30), "ps", "-q", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "health=healthy").lines().filter(line -> !line.isBlank()).count();
    }

    /** Node {@code index}'s address on the compose network. */
    String address(int index) {
        return addresses.computeIfAbsent(index, i -> docker(Duration.ofSeconds(30), "inspect", "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container(i)).trim());
    }

    /**
     * Cuts the network between two groups of nodes, both ways, with iptables rules inside each
     * container's own network namespace (entered from the host; the image has no shell). The
     * host still reaches every node through its published ports.
     */
    void partition(List<Integer> sideA, List<Integer> sideB) {
        for (int a : sideA) {
            for (int b : sideB) {
                dropBetween(a, address(b));
                dropBetween(b, address(a));
            }
        }
    }

    private void dropBetween(int node, String peer) {
        inNetworkOf(node, "iptables", "-A", "INPUT", "-s", peer, "-j", "DROP");
        inNetworkOf(node, "iptables", "-A", "OUTPUT", "-d", peer, "-j", "DROP");
    }

    /**
     * Drops every packet {@code from} sends to {@code to}; what they send to {@code from} still
     * arrives. The rule sits on {@code from}'s way out only, so the other direction is untouched.
     */
    void dropOneWay(int from, List<Integer> to) {
        for (int peer : to) {
            inNetworkOf(from, "iptables", "-A", "OUTPUT", "-d", address(peer), "-j", "DROP");
        }
    }

    /**
     * Makes the links between two groups flaky: each packet either way is dropped with
     * {@code probability} (on the sender's way out, so once per packet), the rest arrive.
     */
    void lossy(List<Integer> sideA, List<Integer> sideB, double probability) {
        String chance = Double.toString(probability);
        for (int a : sideA) {
            for (int b : sideB) {
                inNetworkOf(a, "iptables", "-A", "OUTPUT", "-d", address(b), "-m", "statistic", "--mode", "random",
                        "--probability", chance, "-j", "DROP");
                inNetworkOf(b, "iptables", "-A", "OUTPUT", "-d", address(a), "-m", "statistic", "--mode", "random",
                        "--probability", chance, "-j", "DROP");
            }
        }
    }

    /** Removes every rule {@link #partition}, {@link #dropOneWay} and {@link #lossy} added. */
    void heal(List<Integer> nodes) {
        for (int node : nodes) {
            inNetworkOf(node, "iptables", "-F", "INPUT");
            inNetworkOf(node, "iptables", "-F", "OUTPUT");
        }
    }

    private void inNetworkOf(int node, String... command) {
        List<String> args = new ArrayList<>(List.of("nsenter", "-t", pid(node), "-n"));
        args.addAll(List.of(command));
        exec(args, Duration.ofSeconds(30));
    }

    /**
     * The host pid of node {@code index}'s container, asked once: each docker call costs a
     * fraction of a second on a loaded host, and a short cut must be placed within it.
     */
    private String pid(int index) {
        return pids.computeIfAbsent(index, i -> docker(Duration.ofSeconds(30), "inspect", "-f", "{{.State.Pid}}",
                container(i)).trim());
    }

    /** Runs a one-off container of the node image on the compose network; returns its output. */
    String runOnNetwork(String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", network(), "--entrypoint", "java",
                image()));
        args.addAll(List.of(command));
        return docker(Duration.ofMinutes(2), args.toArray(String[]::new));
    }

    /** Writes every node's log so far to a file under target/compose; returns its path. */
    Path saveLogs() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "compose"));
            return Files.writeString(dir.resolve(project + ".log"), run(Duration.ofMinutes(2), "logs", "--no-color",
                    "-t")).toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        run(Duration.ofMinutes(3), "down", "-t", "30", "-v", "--remove-orphans");
    }

    private String run(Duration bound, String... args) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        return exec(command, bound);
    }

    static String docker(Duration bound, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return exec(command, bound);
    }

    private static String exec(List<String> command, Duration bound) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String text = new String(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
