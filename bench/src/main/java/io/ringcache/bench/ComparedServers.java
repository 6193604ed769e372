package io.ringcache.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two servers the comparisons load, each in its own JVM with the same heap: a ringcache node
 * (gRPC only) and a plain Hazelcast member. Closing stops both; so does Ctrl-C.
 */
final class ComparedServers implements AutoCloseable {

    static final String HAZELCAST_CLUSTER = "bench-hazelcast";

    private final Path logs;
    private final int grpcPort;
    private final int hazelcastPort;
    private final Process node;
    private final Process member;
    private final Thread cleanup;

    private ComparedServers(Path logs, int grpcPort, int hazelcastPort, Process node, Process member) {
        this.logs = logs;
        this.grpcPort = grpcPort;
        this.hazelcastPort = hazelcastPort;
        this.node = node;
        this.member = member;
        // Ctrl-C must not leave the two server JVMs behind.
        this.cleanup = new Thread(() -> {
            node.destroyForcibly();
            member.destroyForcibly();
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts both and returns once the node is ready; logs go to a new temporary directory. */
    static ComparedServers start(String name) throws Exception {
        Path logs = Files.createTempDirectory(name);
        int grpcPort = Compare.freePort();
        int httpPort = Compare.freePort();
        int hazelcastPort = Compare.freePort();
        Process node = Compare.start(logs.resolve("ringcache-node.log"), "io.ringcache.node.Main",
                "--cluster-name=bench-ringcache", "--bind-host=127.0.0.1", "--grpc-port=" + grpcPort,
                "--http-port=" + httpPort, "--resp-port=off", "--hazelcast-port=" + Compare.freePort(),
                "--join-wait=0s");
        Process member = Compare.start(logs.resolve("hazelcast-member.log"), BenchMain.class.getName(), "member",
                "--cluster-name=" + HAZELCAST_CLUSTER, "--port=" + hazelcastPort);
        ComparedServers servers = new ComparedServers(logs, grpcPort, hazelcastPort, node, member);
        try {
            Compare.awaitReady(httpPort, node, logs);
        } catch (Exception e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    Path logs() {
        return logs;
    }

    String ringcacheTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    String hazelcastTarget() {
        return "127.0.0.1:" + hazelcastPort;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Compare.stop(node);
        } finally {
            Compare.stop(member);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }
}
