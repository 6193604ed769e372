package io.ringcache.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The pinned comparison: starts a ringcache node and a plain Hazelcast member, each in its own
 * JVM with the same heap, loads both with the same workload from this JVM, in turns (Hazelcast
 * direct, ringcache unary, ringcache pipelined, ringcache through the client library, then
 * again), and prints the ratios.
 */
final class Compare implements Callable<Integer> {

    private static final int ROUNDS = 2;
    static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private final Workload workload;

    Compare(Map<String, String> flags) {
        Map<String, String> withDefaults = new LinkedHashMap<>(flags);
        withDefaults.putIfAbsent("target", "127.0.0.1:0");
        this.workload = Workload.parse(withDefaults);
    }

    @Override
    public Integer call() throws Exception {
        try (ComparedServers servers = ComparedServers.start("ringcache-compare")) {
            System.out.printf("compare: ringcache node on %s and a Hazelcast member on %s, each in its own JVM (%s); "
                    + "logs in %s%n", servers.ringcacheTarget(), servers.hazelcastTarget(),
                    String.join(" ", SERVER_JVM.subList(0, 2)), servers.logs());
            return measure(workload.withTargets(List.of(servers.ringcacheTarget())),
                    workload.withTargets(List.of(servers.hazelcastTarget())));
        }
    }

    private int measure(Workload ringcache, Workload hazelcast) throws Exception {
        Duration phase = workload.duration().dividedBy(ROUNDS);
        List<Report> reports = new ArrayList<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        try (Driver direct = new HazelcastDriver(hazelcast, ComparedServers.HAZELCAST_CLUSTER);
             Driver unary = new GrpcUnaryDriver(ringcache.withMode(Workload.Mode.UNARY));
             Driver pipelined = new GrpcPipelineDriver(ringcache.withMode(Workload.Mode.PIPELINED));
             Driver library = new ClientDriver(ringcache.withMode(Workload.Mode.CLIENT), true)) {
            byte[] value = Keys.value(workload.valueBytes());
            direct.preload(workload.keys(), value);
            unary.preload(workload.keys(), value);
            // An uncounted round first: both server JVMs compile every path before any is measured
            // (the deep HTTP/2 and gRPC stack took longer than one warm-up to reach full speed).
            System.out.println("warm-up round (not counted):");
            warmUp("hazelcast-direct", hazelcast, direct);
            warmUp("ringcache-unary", ringcache.withMode(Workload.Mode.UNARY), unary);
            warmUp("ringcache-pipelined", ringcache.withMode(Workload.Mode.PIPELINED), pipelined);
            warmUp("ringcache-client", ringcache.withMode(Workload.Mode.CLIENT), library);
            for (int round = 1; round <= ROUNDS; round++) {
                Duration warmup = workload.warmup().dividedBy(2);
                reports.add(phase("hazelcast-direct", hazelcast.withDuration(phase, warmup), direct, rates));
                reports.add(phase("ringcache-unary", ringcache.withMode(Workload.Mode.UNARY)
                        .withDuration(phase, warmup), unary, rates));
                reports.add(phase("ringcache-pipelined", ringcache.withMode(Workload.Mode.PIPELINED)
                        .withDuration(phase, warmup), pipelined, rates));
                reports.add(phase("ringcache-client", ringcache.withMode(Workload.Mode.CLIENT)
                        .withDuration(phase, warmup), library, rates));
            }
        }
        double direct = mean(rates.get("hazelcast-direct"));
        double unary = mean(rates.get("ringcache-unary"));
        double pipelined = mean(rates.get("ringcache-pipelined"));
        double library = mean(rates.get("ringcache-client"));
        System.out.printf(Locale.ROOT, "%nsummary (mean of %d rounds of %d s each):%n", ROUNDS, phase.toSeconds());
        System.out.printf(Locale.ROOT, "  hazelcast-direct     %,10.0f ops/s%n", direct);
        System.out.printf(Locale.ROOT, "  ringcache-unary      %,10.0f ops/s%n", unary);
        System.out.printf(Locale.ROOT, "  ringcache-pipelined  %,10.0f ops/s%n", pipelined);
        System.out.printf(Locale.ROOT, "  ringcache-client     %,10.0f ops/s%n", library);
        System.out.printf(Locale.ROOT, "ratio ringcache-unary/hazelcast-direct: %.2f%n", unary / direct);
        System.out.printf(Locale.ROOT, "ratio ringcache/hazelcast-direct: %.2f%n", Math.max(unary, pipelined) / direct);
        BenchMain.writeJson(workload.jsonPath(), reports.stream().map(Report::json).toList());
        long errors = reports.stream().mapToLong(Report::errorCount).sum();
        if (errors > 0) {
            System.out.println("note: " + errors + " calls failed; see the tables above");
        }
        // The last line, so scripts can take it with tail -1.
        System.out.printf(Locale.ROOT, "ratio ringcache-client/hazelcast-direct: %.2f%n", library / direct);
        return 0;
    }

    private static Report phase(String label, Workload phaseWorkload, Driver driver,
                                Map<String, List<Double>> rates) throws InterruptedException {
        Report report = new LoadRunner(phaseWorkload, driver).run(label);
        System.out.print(report.table());
        rates.computeIfAbsent(label, ignored -> new ArrayList<>()).add(report.opsPerSecond());
        return report;
    }

    private void warmUp(String label, Workload sideWorkload, Driver driver) throws InterruptedException {
        Report report = new LoadRunner(sideWorkload.withDuration(workload.warmup(), Duration.ZERO), driver).run(label);
        System.out.printf(Locale.ROOT, "  %-20s %,10.0f ops/s%n", label, report.opsPerSecond());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Starts {@code mainClass} from this very jar in a new JVM, output to {@code log}. */
    static Process start(Path log, String mainClass, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(SERVER_JVM);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static void awaitReady(int httpPort, Process node, Path logs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < giveUpAt) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the ringcache node exited; see " + logs);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the ringcache node was not ready within 90 s; see " + logs);
    }

    static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A port free on this machine now (for servers started by the bench). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
