package io.ringcache.node.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the member's own connections behave when a peer stops answering. */
class MemberNetworkingTest {

    private HazelcastInstance member;

    @AfterEach
    void stop() {
        if (member != null) {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void aPeerThatAcceptsButNeverAnswers_doesNotKeepAnOutputThreadBusy() throws Exception {
        // A frozen (SIGSTOPped) member: its kernel completes the TCP handshake from the listen
        // backlog, the process never reads or answers. A socket that is never accepted is that.
        member = Hazelcast.newHazelcastInstance(
                MemberConfigFactory.create(TestNodes.config(TestNodes.clusterFlags(1).get(0)), Map.of()));
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long cpuBefore = outputThreadsCpuNanos();
            ((HazelcastInstanceProxy) member).getOriginal().node.getServer()
                    .getConnectionManager(EndpointQualifier.MEMBER)
                    .getOrConnect(new Address("127.0.0.1", frozen.getLocalPort()));
            // Watched for a fixed span on purpose: the busy loop this guards against has no end
            // to wait for. With Hazelcast's shared-port networking the output threads used
            // 2.0-2.6 s of CPU in 3 s here; with the member endpoint, about 1 ms.
            TimeUnit.SECONDS.sleep(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(outputThreadsCpuNanos() - cpuBefore))
                    .as("CPU ms of Hazelcast's output I/O threads in 2 s with one unanswered connection")
                    .isLessThan(500);
        }
    }

    @Test
    void theMemberPort_refusesHazelcastClients() {
        List<String> flags = TestNodes.clusterFlags(1).get(0);
        NodeConfig node = TestNodes.config(flags);
        member = Hazelcast.newHazelcastInstance(MemberConfigFactory.create(node, Map.of()));
        ClientConfig client = new ClientConfig().setClusterName(node.clusterName());
        client.getNetworkConfig().addAddress("127.0.0.1:" + node.hazelcastPort());
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);

        // Only members speak on it: a client there would read and write every cache unchecked.
        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
    }

    @Test
    void theMemberEndpoint_keepsTheSharedPortsSocketBehaviour() {
        var endpoint = MemberConfigFactory.create(TestNodes.config(TestNodes.clusterFlags(1).get(0)), Map.of())
                .getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
        // Hazelcast's defaults for the shared port (hazelcast.socket.connect.timeout.seconds and
        // hazelcast.socket.linger.seconds): a bounded connect under a cut, and a graceful close,
        // which LogFormatIT sees as no reset logged when a member leaves.
        assertThat(endpoint.getSocketConnectTimeoutSeconds()).isEqualTo(10);
        assertThat(endpoint.getSocketLingerSeconds()).isNegative();
    }

    private static long outputThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.dumpAllThreads(false, false))
                .filter(thread -> thread.getThreadName().contains("IO.thread-out"))
                .mapToLong(ThreadInfo::getThreadId)
                .map(threads::getThreadCpuTime)
                .filter(nanos -> nanos > 0)
                .sum();
    }
}
