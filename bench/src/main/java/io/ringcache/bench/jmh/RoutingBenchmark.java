package io.ringcache.bench.jmh;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.cluster.PartitionTables;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.routing.Router;
import io.ringcache.node.routing.SilentMembers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Purpose: the routing decision per request, key to slot to partition to its owner, and whether that is this node. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {

    private final byte[] key = "user:0000000042".getBytes(StandardCharsets.US_ASCII);
    private HazelcastInstance member;
    private Router router;

    @Setup(Level.Trial)
    public void startMember() {
        Config config = new Config();
        config.setClusterName("routing-benchmark");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        member = Hazelcast.newHazelcastInstance(config);
        member.getPartitionService().getPartition(0).getOwner(); // assigns the partitions
        router = new Router(new PartitionTables(member, SlotPartitions.layoutOf(member)), SilentMembers.NONE);
    }

    @TearDown(Level.Trial)
    public void stopMember() {
        member.shutdown();
    }

    @Benchmark
    public boolean ownerIsThisNode() {
        return router.route(key).local();
    }
}
