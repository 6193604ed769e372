package io.ringcache.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code compare-redis}: Debian's {@code redis-server} against a one-node ringcache's RESP port,
 * both loaded by {@code redis-benchmark -t set,get -d 100 -r 100000 -c 50}, once with one request
 * in flight per connection ({@code -P 1}) and once pipelined ({@code -P 16}); the targets take
 * turns (redis, ringcache) for {@code --rounds} rounds after an uncounted pass against ringcache
 * (its JIT). Ends with the median ratios and ringcache's p99s. {@code --cluster N} instead starts
 * N joined nodes and runs {@code redis-benchmark --cluster} against them (no Redis baseline).
 *
 * <p>{@code --ringcache-port P} (not in the usage: for developing this tool) starts no node and
 * treats whatever listens on 127.0.0.1:P as the ringcache side.
 */
final class CompareRedis implements Callable<Integer> {

    private static final Set<String> FLAGS = Set.of("requests", "requests-p16", "rounds", "clients", "cluster",
            "ringcache-port");
    private static final List<Integer> PIPELINES = List.of(1, 16);
    private static final List<String> TESTS = List.of("GET", "SET");
    /** Longest one redis-benchmark run may take before it counts as hung. */
    private static final long RUN_TIMEOUT_SECONDS = 600;

    /** One line of redis-benchmark's {@code --csv} output. */
    record Result(String test, double rps, double avgMs, double minMs, double p50Ms, double p95Ms, double p99Ms,
                  double maxMs) {
    }

    private final int requests;
    private final int requestsPipelined;
    private final int rounds;
    private final int clients;
    private final int clusterNodes;
    private final Integer ringcachePort;
    private final List<Process> started = new CopyOnWriteArrayList<>();

    CompareRedis(Map<String, String> flags) {
        for (String flag : flags.keySet()) {
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag --" + flag + " for compare-redis");
            }
        }
        this.requests = positive(flags, "requests", 200_000);
        this.requestsPipelined = positive(flags, "requests-p16", requests * 10);
        this.rounds = positive(flags, "rounds", 2);
        this.clients = positive(flags, "clients", 50);
        this.clusterNodes = flags.containsKey("cluster") ? positive(flags, "cluster", 3) : 0;
        this.ringcachePort = flags.containsKey("ringcache-port") ? positive(flags, "ringcache-port", 0) : null;
    }

    @Override
    public Integer call() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : clusterNodes > 0 ? List.of("redis-benchmark") : List.of("redis-server", "redis-benchmark")) {
            if (onPath(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("compare-redis: " + String.join(" and ", missing) + " not found on the PATH "
                    + "(Debian: apt-get install redis-server redis-tools)");
            return 2;
        }
        Path logs = Files.createTempDirectory("ringcache-compare-redis");
        // Ctrl-C must not leave the servers behind.
        Thread cleanup = new Thread(() -> started.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return clusterNodes > 0 ? cluster(logs) : single(logs);
        } catch (IllegalStateException e) {
            System.err.println("compare-redis: " + e.getMessage());
            return 1;
        } finally {
            for (Process process : started) {
                Compare.stop(process);
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private int single(Path logs) throws Exception {
        int redisPort = Compare.freePort();
        Process redis = startProcess(logs.resolve("redis-server.log"), List.of(onPath("redis-server").orElseThrow(),
                "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no"));
        int respPort = ringcachePort != null ? ringcachePort : startNodes(logs, 1).get(0);
        awaitPong(redisPort, redis, "redis-server", logs);
        awaitPong(respPort, null, "ringcache", logs);
        System.out.printf("compare-redis: redis-server on 127.0.0.1:%d, ringcache RESP on 127.0.0.1:%d%s; "
                + "logs in %s%n", redisPort, respPort, ringcachePort != null ? " (not started here)"
                : " (own JVM, " + String.join(" ", Compare.SERVER_JVM.subList(0, 2)) + ")", logs);

        System.out.println("warm-up pass against ringcache (not counted):");
        for (int pipeline : PIPELINES) {
            printRates("  resp -P " + pipeline, bench(respPort, pipeline, false));
        }
        // results.get(target + "-" + test + "-p" + pipeline): one Result per round.
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int pipeline : PIPELINES) {
                for (String target : List.of("redis", "resp")) {
                    List<Result> run = bench(target.equals("redis") ? redisPort : respPort, pipeline, false);
                    printTable(String.format(Locale.ROOT, "round %d/%d, %s, -P %d", round, rounds,
                            target.equals("redis") ? "redis-server" : "ringcache", pipeline), pipeline, run);
                    for (Result result : run) {
                        results.computeIfAbsent(key(target, result.test(), pipeline), k -> new ArrayList<>())
                                .add(result);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nsummary (medians of %d rounds):%n", rounds);
        for (int pipeline : PIPELINES) {
            for (String test : TESTS) {
                for (String target : List.of("redis", "resp")) {
                    List<Result> runs = results.get(key(target, test, pipeline));
                    System.out.printf(Locale.ROOT, "  %-18s %,12.0f ops/s   p50 %7.3f ms   p99 %7.3f ms%n",
                            key(target, test, pipeline), median(runs, Result::rps), median(runs, Result::p50Ms),
                            median(runs, Result::p99Ms));
                }
            }
        }
        for (int pipeline : PIPELINES) {
            for (String test : TESTS) {
                List<Double> ratios = new ArrayList<>();
                List<Result> redisRuns = results.get(key("redis", test, pipeline));
                List<Result> respRuns = results.get(key("resp", test, pipeline));
                // Each round's ratio pairs two runs taken a few seconds apart (the machine drifts).
                for (int i = 0; i < rounds; i++) {
                    ratios.add(respRuns.get(i).rps() / redisRuns.get(i).rps());
                }
                System.out.printf(Locale.ROOT, "ratio %s/redis: %.2f%n", key("resp", test, pipeline), median(ratios));
            }
        }
        for (int pipeline : PIPELINES) {
            for (String test : TESTS) {
                System.out.printf(Locale.ROOT, "p99 %s: %.3f ms%n", key("resp", test, pipeline),
                        median(results.get(key("resp", test, pipeline)), Result::p99Ms));
            }
        }
        return 0;
    }

    private int cluster(Path logs) throws Exception {
        int respPort = ringcachePort != null ? ringcachePort : startNodes(logs, clusterNodes).get(0);
        awaitPong(respPort, null, "ringcache", logs);
        System.out.printf("compare-redis --cluster: %s, redis-benchmark --cluster against 127.0.0.1:%d; logs in %s%n",
                ringcachePort != null ? "a cluster not started here" : clusterNodes + " joined ringcache nodes",
                respPort, logs);
        System.out.println("warm-up pass (not counted):");
        for (int pipeline : PIPELINES) {
            printRates("  resp -P " + pipeline, bench(respPort, pipeline, true));
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int pipeline : PIPELINES) {
                List<Result> run = bench(respPort, pipeline, true);
                printTable(String.format(Locale.ROOT, "round %d/%d, ringcache cluster, -P %d", round, rounds,
                        pipeline), pipeline, run);
                for (Result result : run) {
                    results.computeIfAbsent(key("resp-cluster", result.test(), pipeline), k -> new ArrayList<>())
                            .add(result);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nsummary (medians of %d rounds, %d nodes):%n", rounds, clusterNodes);
        for (int pipeline : PIPELINES) {
            for (String test : TESTS) {
                List<Result> runs = results.get(key("resp-cluster", test, pipeline));
                System.out.printf(Locale.ROOT, "rate %s: %.0f ops/s, p50 %.3f ms, p99 %.3f ms%n",
                        key("resp-cluster", test, pipeline), median(runs, Result::rps), median(runs, Result::p50Ms),
                        median(runs, Result::p99Ms));
            }
        }
        return 0;
    }

    /** Starts {@code count} joined nodes, one after the other, each ready; returns their RESP ports. */
    private List<Integer> startNodes(Path logs, int count) throws Exception {
        List<Integer> hazelcastPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hazelcastPorts.add(Compare.freePort());
        }
        String join = String.join(",", hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        String clusterName = "bench-resp-" + ProcessHandle.current().pid();
        List<Integer> respPorts = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int httpPort = Compare.freePort();
            int respPort = Compare.freePort();
            List<String> args = new ArrayList<>(List.of("--cluster-name=" + clusterName, "--bind-host=127.0.0.1",
                    "--advertise-host=127.0.0.1", "--grpc-port=" + Compare.freePort(), "--http-port=" + httpPort,
                    "--hazelcast-port=" + hazelcastPorts.get(i), "--resp-port=" + respPort, "--join-wait=0s"));
            if (count > 1) {
                args.add("--join=" + join);
            }
            Process node = Compare.start(logs.resolve("ringcache-node-" + (i + 1) + ".log"), "io.ringcache.node.Main",
                    args.toArray(String[]::new));
            started.add(node);
            Compare.awaitReady(httpPort, node, logs);
            respPorts.add(respPort);
            httpPorts.add(httpPort);
        }
        if (count > 1) {
            awaitCluster(httpPorts.get(0), count, logs);
        }
        return respPorts;
    }

    /** Until the first node sees every member and no partition is still migrating. */
    private static void awaitCluster(int httpPort, int members, Path logs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern memberCount = Pattern.compile("\"members\"\\s*:\\s*(\\d+)");
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < giveUpAt) {
            HttpResponse<String> ready = get(http, httpPort, "/health/ready");
            Matcher matcher = memberCount.matcher(ready == null ? "" : ready.body());
            if (matcher.find() && Integer.parseInt(matcher.group(1)) == members) {
                HttpResponse<String> safe = get(http, httpPort, "/health/cluster-safe");
                if (safe != null && safe.statusCode() == 200) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the " + members + " nodes did not form a safe cluster within 120 s; see "
                + logs);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
            return null;
        }
    }

    /** One redis-benchmark run (SET then GET) against 127.0.0.1:port. */
    private List<Result> bench(int port, int pipeline, boolean cluster) throws Exception {
        List<String> command = new ArrayList<>(List.of(onPath("redis-benchmark").orElseThrow()));
        if (cluster) {
            command.add("--cluster");
        }
        command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "set,get", "-d", "100",
                "-r", "100000", "-n", Integer.toString(pipeline == 1 ? requests : requestsPipelined),
                "-c", Integer.toString(clients), "-P", Integer.toString(pipeline), "--csv"));
        Path out = Files.createTempFile("redis-benchmark", ".csv");
        Path err = Files.createTempFile("redis-benchmark", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            started.add(process);
            boolean finished = process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            started.remove(process);
            String stderr = Files.readString(err).strip();
            String lastError = stderr.isEmpty() ? "" : ": " + stderr.lines().reduce((a, b) -> b).orElse("");
            if (!finished) {
                throw new IllegalStateException("redis-benchmark against 127.0.0.1:" + port + " -P " + pipeline
                        + " did not finish within " + RUN_TIMEOUT_SECONDS + " s" + lastError);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-benchmark against 127.0.0.1:" + port + " -P " + pipeline
                        + " exited with " + process.exitValue() + lastError);
            }
            List<Result> results = parseCsv(Files.readString(out));
            for (String test : TESTS) {
                if (results.stream().noneMatch(result -> result.test().equals(test))) {
                    throw new IllegalStateException("redis-benchmark printed no " + test + " line" + lastError);
                }
            }
            return results;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Parses redis-benchmark 7's {@code --csv} output: a header naming the columns ("test", "rps",
     * "avg_latency_ms", "min_latency_ms", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms",
     * "max_latency_ms"), then one quoted line per test. Columns are found by name; lines that are
     * not CSV (progress, warnings) are skipped.
     */
    static List<Result> parseCsv(String csv) {
        List<String> header = null;
        List<Result> results = new ArrayList<>();
        for (String line : csv.split("\r?\n|\r")) {
            line = line.strip();
            if (!line.startsWith("\"")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                cells.add(cell.strip().replaceAll("^\"|\"$", ""));
            }
            if (cells.get(0).equals("test")) {
                header = cells;
                continue;
            }
            if (header == null) {
                throw new IllegalArgumentException("redis-benchmark CSV without a header line: " + line);
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("redis-benchmark CSV line with " + cells.size()
                        + " cells, the header has " + header.size() + ": " + line);
            }
            results.add(new Result(cells.get(0), number(header, cells, "rps"), number(header, cells, "avg_latency_ms"),
                    number(header, cells, "min_latency_ms"), number(header, cells, "p50_latency_ms"),
                    number(header, cells, "p95_latency_ms"), number(header, cells, "p99_latency_ms"),
                    number(header, cells, "max_latency_ms")));
        }
        return results;
    }

    private static double number(List<String> header, List<String> cells, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("redis-benchmark CSV header lacks \"" + column + "\": " + header);
        }
        try {
            return Double.parseDouble(cells.get(index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis-benchmark CSV: \"" + column + "\" is not a number: " + cells);
        }
    }

    private void printTable(String title, int pipeline, List<Result> run) {
        System.out.printf(Locale.ROOT, "%s (%,d requests per test, %d clients)%n", title,
                pipeline == 1 ? requests : requestsPipelined, clients);
        System.out.println("  test          ops/s     avg ms     p50 ms     p95 ms     p99 ms     max ms");
        for (Result r : run) {
            System.out.printf(Locale.ROOT, "  %-4s  %,12.0f %10.3f %10.3f %10.3f %10.3f %10.3f%n", r.test(), r.rps(),
                    r.avgMs(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs());
        }
    }

    private static void printRates(String label, List<Result> run) {
        StringBuilder line = new StringBuilder(label);
        for (Result r : run) {
            line.append(String.format(Locale.ROOT, "   %s %,.0f ops/s", r.test(), r.rps()));
        }
        System.out.println(line);
    }

    private static String key(String target, String test, int pipeline) {
        return target + "-" + test.toLowerCase(Locale.ROOT) + "-p" + pipeline;
    }

    private static double median(List<Result> runs, java.util.function.ToDoubleFunction<Result> value) {
        return median(runs.stream().map(value::applyAsDouble).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private Process startProcess(Path log, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        started.add(process);
        return process;
    }

    /** Until 127.0.0.1:port answers PING with +PONG (90 s at most). */
    private static void awaitPong(int port, Process process, String what, Path logs) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "no answer";
        while (System.nanoTime() < giveUpAt) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited; see " + logs);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                socket.setSoTimeout(2000);
                OutputStream out = socket.getOutputStream();
                out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readNBytes(7);
                last = new String(reply, StandardCharsets.US_ASCII).strip();
                if (last.equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + " on 127.0.0.1:" + port + " did not answer PING with +PONG within 90 s ("
                + last + "); see " + logs);
    }

    static Optional<String> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir.isEmpty() ? "." : dir, tool);
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static int positive(Map<String, String> flags, String name, int fallback) {
        String value = flags.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, not " + value);
    }
}
