package io.ringcache.bench;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.config.ConfigLoader;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Heap per entry: starts ringcache nodes in this JVM, writes {@code entries} entries (16-byte
 * keys, 100-byte values by default) through gRPC PutMany, and divides the heap they added (after
 * full GCs) by the entry count. With one node that is the primary copy alone; with two nodes
 * it is primary plus backup. Run with a heap large enough, e.g. -Xmx3g.
 */
final class MemoryFootprint {

    private MemoryFootprint() {
    }

    static void run(Map<String, String> flags) throws Exception {
        int entries = Integer.parseInt(flags.getOrDefault("entries", "1000000"));
        int valueBytes = Integer.parseInt(flags.getOrDefault("value-size", "100"));
        int nodes = Integer.parseInt(flags.getOrDefault("nodes", "1"));
        String cluster = "memory-" + ProcessHandle.current().pid();
        List<RingcacheNode> started = new ArrayList<>();
        List<String> hazelcastPorts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            hazelcastPorts.add("127.0.0.1:" + Compare.freePort());
        }
        try {
            for (int i = 0; i < nodes; i++) {
                RingcacheNode node = new RingcacheNode(ConfigLoader.load(new String[] {
                        "--cluster-name=" + cluster, "--bind-host=127.0.0.1", "--grpc-port=" + Compare.freePort(),
                        "--http-port=" + Compare.freePort(), "--resp-port=off", "--hazelcast-port=" + hazelcastPorts.get(i).split(":")[1],
                        "--join=" + String.join(",", hazelcastPorts), "--join-wait=0s"}, Map.of()));
                node.start().await(120, TimeUnit.SECONDS);
                started.add(node);
            }
            long before = usedHeapAfterGc();
            Workload load = Workload.parse(Map.of("target", "127.0.0.1:" + started.get(0).grpcPort(),
                    "keys", Integer.toString(entries), "value-size", Integer.toString(valueBytes)));
            try (GrpcUnaryDriver driver = new GrpcUnaryDriver(load)) {
                Preload.inBatches(entries, 500, driver::putMany, Keys.value(valueBytes), MemoryFootprint::key);
            }
            long after = usedHeapAfterGc();
            double perEntry = (after - before) / (double) entries;
            System.out.printf(Locale.ROOT, "memory: %,d entries of %d-byte keys and %d-byte values on %d node(s) "
                            + "(%s): heap grew %,d MB, %.0f bytes per entry%n", entries, 16, valueBytes, nodes,
                    nodes == 1 ? "primary copy only" : "primary and backup copies", (after - before) >> 20, perEntry);
        } finally {
            for (RingcacheNode node : started) {
                node.stop().await(60, TimeUnit.SECONDS);
            }
        }
    }

    /** 16-byte keys: "key-" and 12 digits. */
    static byte[] key(int index) {
        return String.format(Locale.ROOT, "key-%012d", index).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

}
