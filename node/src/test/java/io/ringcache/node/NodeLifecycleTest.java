package io.ringcache.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.LogCapture;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class NodeLifecycleTest {

    @Test
    void stop_beforeStart_completesAndStartThenFails() {
        RingcacheNode node = new RingcacheNode(TestNodes.config(
                TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "")));

        Awaits.result(node.stop(), 30);

        assertThatThrownBy(() -> Awaits.result(node.start(), 30)).hasMessageContaining("stopped before");
    }

    @Test
    void start_calledTwice_returnsTheSameStart() {
        RingcacheNode node = TestNodes.startSingleNode();
        try {
            assertThat(node.start().succeeded()).isTrue();
            assertThat(node.readiness().isReady()).isTrue();
        } finally {
            Awaits.result(node.stop(), 60);
        }
    }

    @Test
    void severalGrpcEventLoops_shareThePort_everyConnectionIsServed_andStopEndsThemAll() {
        RingcacheNode node = TestNodes.startSingleNode("--grpc-event-loops=3");
        try {
            for (int i = 0; i < 6; i++) {
                // Each client is a connection of its own; the listeners take them in turn.
                try (CacheTestClient client = new CacheTestClient(node.grpcPort())) {
                    client.put("loop-" + i, "v" + i);
                    assertThat(client.get("loop-" + i).getValue().toStringUtf8()).isEqualTo("v" + i);
                }
            }
        } finally {
            Awaits.result(node.stop(), 60);
        }
        assertThat(node.readiness().phase()).isEqualTo(NodeReadiness.Phase.STOPPED);
    }

    @Test
    void grpcAndRespCalls_whileStarting_getTheReason_andTheSameConnectionsAreServedOnceReady() {
        // A static member that never answers keeps the node joining for the whole join wait.
        String absentMember = "127.0.0.1:" + FreePorts.next();
        RingcacheNode node = new RingcacheNode(TestNodes.config(TestNodes.flags(TestNodes.uniqueClusterName(),
                FreePorts.next(), absentMember, "--join-wait=5s")));
        Future<Void> started = node.start();
        // Listening takes milliseconds, joining seconds.
        await().atMost(Duration.ofSeconds(30)).until(() -> node.grpcPort() != 0 && node.respPort() != 0);
        try (CacheTestClient client = new CacheTestClient(node.grpcPort());
             Jedis redis = new Jedis("127.0.0.1", node.respPort())) {
            // Answers, not refused connections.
            GrpcCallException starting = catchThrowableOfType(GrpcCallException.class, () -> client.get("early"));
            Throwable loading = catchThrowable(() -> redis.get("early"));

            assertThat(started.isComplete()).isFalse();
            assertThat(starting.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
            assertThat(starting).hasMessageContaining("node not ready: starting");
            assertThat(loading).hasMessage("LOADING node not ready: starting: joining the cluster");

            Awaits.result(started, 60);
            // At once, on the connections that were turned away: nothing to wait out.
            client.put("early", "v");
            assertThat(client.get("early").getValue().toStringUtf8()).isEqualTo("v");
            assertThat(redis.get("early")).isEqualTo("v");
        } finally {
            Awaits.result(node.stop(), 60);
        }
    }

    @Test
    void start_withGrpcPortTaken_failsAndReleasesItsOtherPorts() throws IOException {
        int memberPort = FreePorts.next();
        List<String> flags = TestNodes.flags(TestNodes.uniqueClusterName(), memberPort, "");
        int grpcPort = port(flags, "--grpc-port=");
        int httpPort = port(flags, "--http-port=");
        RingcacheNode node = new RingcacheNode(TestNodes.config(flags));

        try (ServerSocket taken = new ServerSocket(grpcPort, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Awaits.result(node.start(), 60)).hasMessageContaining("" + grpcPort);
        }

        assertThat(node.readiness().phase()).isEqualTo(NodeReadiness.Phase.STOPPED);
        assertBindable(httpPort);
        assertBindable(memberPort);
    }

    @Test
    void start_withHazelcastPortTaken_failsWithOneLineNamingTheSetting() throws IOException {
        int memberPort = FreePorts.next();
        List<String> flags = TestNodes.flags(TestNodes.uniqueClusterName(), memberPort, "");
        int httpPort = port(flags, "--http-port=");
        RingcacheNode node = new RingcacheNode(TestNodes.config(flags));

        List<ILoggingEvent> logged;
        try (ServerSocket taken = new ServerSocket(memberPort, 1, InetAddress.getLoopbackAddress());
             LogCapture log = LogCapture.root()) {
            assertThatThrownBy(() -> Awaits.result(node.start(), 60))
                    .hasMessageEndingWith("cannot listen for Hazelcast members on 127.0.0.1:" + memberPort
                            + " (hazelcast-port): Address already in use");
            logged = log.events();
        }

        assertThat(logged).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("ringcache node failed to start: cannot listen for Hazelcast members on 127.0.0.1:"
                        + memberPort + " (hazelcast-port): Address already in use");
        assertThat(logged).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
        assertThat(node.readiness().phase()).isEqualTo(NodeReadiness.Phase.STOPPED);
        assertBindable(httpPort);
    }

    @Test
    void singleNode_saysItRunsAlone_inOneInfoLine_andWarnsAboutNothing() {
        RingcacheNode node;
        List<ILoggingEvent> logged;
        try (LogCapture log = LogCapture.root()) {
            node = TestNodes.startSingleNode();
            logged = log.events();
        }
        try {
            assertThat(logged).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(logged).filteredOn(event -> event.getLevel() == Level.INFO)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsOnlyOnce("Single node: no --join given, so this node forms a cluster of its own");
        } finally {
            Awaits.result(node.stop(), 60);
        }
    }

    private static void assertBindable(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private static int port(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix))
                .map(f -> Integer.parseInt(f.substring(prefix.length()))).findFirst().orElseThrow();
    }
}
