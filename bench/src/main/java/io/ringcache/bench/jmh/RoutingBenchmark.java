package io.ringcache.bench.jmh;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.partition.PartitioningStrategy;
import io.ringcache.node.cluster.PartitionTables;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.config.ConfigLoader;
import io.ringcache.node.routing.Router;
import io.ringcache.node.routing.SilentMembers;
import io.ringcache.node.store.HazelcastCacheStore;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Purpose: the routing decision per request, key to slot to partition to its owner, and whether
 * that is this node; and the key's partition as a cache map computes it (the key serialized with
 * the map's slot partitioning strategy), which every Hazelcast call on a key pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {

    /** The default cache's map, as the node names it. */
    private static final String DEFAULT_MAP = "ringcache.default";

    private final byte[] key = "user:0000000042".getBytes(StandardCharsets.US_ASCII);
    private HazelcastInstance member;
    private Router router;
    private PartitioningStrategy<?> mapStrategy;
    private InternalSerializationService serialization;
    private IPartitionService partitionTable;

    @Setup(Level.Trial)
    public void startMember() {
        Config config = new Config();
        config.setClusterName("routing-benchmark");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        // The cache maps as a node configures them (default settings), with their partitioning strategy.
        HazelcastCacheStore.configureMember(config, ConfigLoader.load(new String[0], Map.of()));
        member = Hazelcast.newHazelcastInstance(config);
        member.getPartitionService().getPartition(0).getOwner(); // assigns the partitions
        router = new Router(new PartitionTables(member, SlotPartitions.layoutOf(member)), SilentMembers.NONE);
        mapStrategy = member.getConfig().getMapConfig(DEFAULT_MAP).getPartitioningStrategyConfig()
                .getPartitioningStrategy();
        HazelcastInstanceProxy proxy = (HazelcastInstanceProxy) member;
        serialization = proxy.getSerializationService();
        partitionTable = proxy.getOriginal().node.getPartitionService();
    }

    @TearDown(Level.Trial)
    public void stopMember() {
        member.shutdown();
    }

    @Benchmark
    public boolean ownerIsThisNode() {
        return router.route(key).local();
    }

    /** What the map's proxy does with a key before every operation: serialize it, then find its partition. */
    @Benchmark
    public int mapKeyPartition() {
        return partitionTable.getPartitionId(serialization.toData(key, mapStrategy));
    }
}
