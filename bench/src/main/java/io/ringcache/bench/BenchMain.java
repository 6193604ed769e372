package io.ringcache.bench;

import io.ringcache.node.cluster.AsyncCallbackExecutor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ringcache-bench.jar COMMAND [--flag=value ...]}: the load generator, the
 * Hazelcast baseline, the pinned comparison and the JMH benchmarks. See bench/README.md.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(usage());
            return;
        }
        // Hazelcast's async callbacks need a real pool on 2-core machines (the node installs the
        // same): without it the baseline's client and member would start a thread per call.
        AsyncCallbackExecutor.ensurePooled();
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "run" -> run(flags(rest));
                case "baseline" -> baseline(flags(rest));
                case "compare" -> System.exit(new Compare(flags(rest)).call());
                case "compare-redis" -> System.exit(new CompareRedis(flags(rest)).call());
                case "compare-near" -> System.exit(new CompareNear(flags(rest)).call());
                case "member" -> member(flags(rest));
                case "memory" -> MemoryFootprint.run(flags(rest));
                case "jmh" -> org.openjdk.jmh.Main.main(rest);
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    /** Loads ringcache nodes over gRPC. */
    private static void run(Map<String, String> flags) throws Exception {
        Map<String, String> rest = new LinkedHashMap<>(flags);
        boolean preload = rest.remove("no-preload") == null;
        Workload workload = Workload.parse(rest);
        try (Driver driver = switch (workload.mode()) {
            case PIPELINED -> new GrpcPipelineDriver(workload);
            case CLIENT -> new ClientDriver(workload, true);
            case UNARY -> new GrpcUnaryDriver(workload);
        }) {
            measure("ringcache-" + workload.mode().name().toLowerCase(java.util.Locale.ROOT), workload, driver,
                    preload);
        }
    }

    /** Loads a plain Hazelcast cluster through Hazelcast's Java client. */
    private static void baseline(Map<String, String> flags) throws Exception {
        String clusterName = flags.getOrDefault("cluster-name", "dev");
        Map<String, String> rest = new LinkedHashMap<>(flags);
        rest.remove("cluster-name");
        if (!rest.containsKey("target")) {
            rest.put("target", "127.0.0.1:5701");
        }
        Workload workload = Workload.parse(rest);
        try (Driver driver = new HazelcastDriver(workload, clusterName)) {
            measure("hazelcast-direct", workload, driver, true);
        }
    }

    private static void measure(String label, Workload workload, Driver driver, boolean preload) throws Exception {
        if (preload) {
            driver.preload(workload.keys(), Keys.value(workload.valueBytes()));
        }
        Report report = new LoadRunner(workload, driver).run(label);
        System.out.print(report.table());
        writeJson(workload.jsonPath(), List.of(report.json()));
    }

    static void writeJson(String path, List<String> reports) throws IOException {
        if (!path.isEmpty()) {
            Files.writeString(Path.of(path), "[" + String.join(",\n", reports) + "]\n");
            System.out.println("JSON written to " + path);
        }
    }

    /** A plain Hazelcast member, until killed: the server side of the baseline. */
    private static void member(Map<String, String> flags) throws InterruptedException {
        PlainMember.start(flags.getOrDefault("cluster-name", "dev"),
                Integer.parseInt(flags.getOrDefault("port", "5701")));
        System.out.println("member ready");
        Thread.currentThread().join();
    }

    /** {@code --name=value} or {@code --name value}; a flag with neither is "true". */
    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals >= 0) {
                flags.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                flags.put(name, args[++i]);
            } else {
                flags.put(name, "true");
            }
        }
        return flags;
    }

    static String usage() {
        return """
                usage: java -jar ringcache-bench.jar COMMAND [--flag=value ...]

                commands:
                  run       load ringcache node(s) over gRPC (--mode unary|pipelined)
                  baseline  the same load through Hazelcast's Java client (--target host:5701, --cluster-name)
                  compare   start a ringcache node and a plain Hazelcast member, measure both in turns,
                            print the ratios (the pinned comparison in docs/benchmarks.md)
                  compare-redis
                            start redis-server and a ringcache node (RESP port), load both in turns with
                            redis-benchmark (SET and GET, 100-byte values, -P 1 and -P 16), print the ratios;
                            --requests (200000 at -P 1), --requests-p16 (10x --requests), --rounds (2),
                            --clients (50); --cluster N: N joined nodes, redis-benchmark --cluster, no Redis
                  compare-near
                            the same two servers; a client with a near cache on each (ringcache's, and
                            Hazelcast's own), zipfian 95%-read load while another client writes; prints
                            throughput, hit ratios, the staleness seen, and the ratio
                  member    run a plain Hazelcast member (--port, --cluster-name)
                  memory    heap per entry: --entries (1000000), --value-size (100), --nodes (1, or 2 for
                            primary + backup); run the jar with e.g. -Xmx3g
                  jmh       the JMH micro-benchmarks (JMH's own flags, e.g. -f 1 -wi 3 -i 5)

                workload flags (run, baseline, compare, compare-near):
                """ + Workload.usage() + """
                  --no-preload   (run) do not write the key space first
                """;
    }
}
