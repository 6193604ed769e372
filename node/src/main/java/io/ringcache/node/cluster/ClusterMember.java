package io.ringcache.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * This node's embedded Hazelcast member: the one membership view of the node. Its methods
 * block (joining, cluster-safety checks, hand-off), so callers on an event loop run them
 * through {@code executeBlocking}.
 */
public final class ClusterMember {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    private final HazelcastInstance hazelcast;
    private final ClusterQuorum quorum;

    private ClusterMember(HazelcastInstance hazelcast, ClusterQuorum quorum) {
        this.hazelcast = hazelcast;
        this.quorum = quorum;
    }

    /**
     * Starts the member and joins its cluster; blocks until it has joined or formed one.
     *
     * @param quorum     follows the membership from the start
     * @param onShutdown runs when the member starts shutting down, asked to or not
     */
    public static ClusterMember start(Config config, NodeReadiness readiness, ClusterQuorum quorum,
                                      Runnable onShutdown) {
        AsyncCallbackExecutor.ensurePooled();
        // In the configuration, not added afterwards: a member that joins while this one is
        // still starting would otherwise go unlogged (and a migration round half logged).
        config.addListenerConfig(new ListenerConfig(new MembershipLogger(quorum::leftGracefully)));
        config.addListenerConfig(new ListenerConfig(new MigrationLogger()));
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        quorum.attach(hazelcast);
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                readiness.markDraining();
                onShutdown.run();
            }
        });
        LOG.info("Joined cluster '{}' as {}; members: {}", config.getClusterName(),
                hazelcast.getCluster().getLocalMember().getAddress(), hazelcast.getCluster().getMembers().size());
        return new ClusterMember(hazelcast, quorum);
    }

    /** The Hazelcast instance, for the store layer only. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public boolean isRunning() {
        return hazelcast.getLifecycleService().isRunning();
    }

    public int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    /**
     * Whether every partition's backups are in sync with its owner, cluster-wide: the gate
     * before the next restart or scale step. Blocks (asks every member).
     */
    public boolean isClusterSafe() {
        return isRunning() && hazelcast.getPartitionService().isClusterSafe();
    }

    /**
     * Waits, up to {@code timeout}, until every partition's backups are in sync, so a member
     * never leaves while an earlier leave is still being re-replicated. Blocks.
     *
     * @return whether the cluster became safe in time
     */
    public boolean awaitClusterSafe(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning() && System.nanoTime() < deadline) {
            if (hazelcast.getPartitionService().isClusterSafe()) {
                return true;
            }
            LockSupport.parkNanos(200_000_000L);
        }
        return false;
    }

    /**
     * Leaves gracefully: tells the others it is leaving on purpose (so they do not count it
     * towards their quorum), then hands its partitions to them. Blocks.
     */
    public void shutdownGracefully() {
        try {
            quorum.announceGracefulLeave(hazelcast);
        } catch (RuntimeException e) {
            LOG.warn("Could not announce the graceful leave ({}); the others will count this member as failed",
                    e.toString());
        }
        hazelcast.shutdown();
    }

    /** Leaves at once, as a crash would: no hand-off. */
    public void terminate() {
        hazelcast.getLifecycleService().terminate();
    }
}
