package io.ringcache.cluster;

import io.ringcache.cluster.history.HistoryReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Histories of concurrent calls on a few shared keys, recorded while the cluster changes
 * membership, judged by the linearizability checker; and its control, a crash without backups,
 * which the checker must catch. The forked-process faults are in {@link FaultSuiteIT}.
 */
class LinearizableHistoryClusterTest {

    private static final int PROCESSES = 6;
    private static final Duration LOAD_BOUND = Duration.ofMinutes(3);

    private InJvmCluster cluster;
    private HistoryLoad history;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (history != null) {
            history.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void scaleUpThenGracefulScaleDownOfAnOwner_underConcurrentCalls_isLinearizableOnEveryKey() throws Exception {
        cluster = InJvmCluster.start(3, 4);
        List<String> keys = HistoryLoad.freshKeys(12);
        history = new HistoryLoad(ports(List.of(0, 1, 2)), PROCESSES, keys, LOAD_BOUND);
        awaitProgress(300);

        cluster.addNode();
        cluster.awaitMembers(4);
        cluster.awaitClusterSafe();
        awaitProgress(300);
        cluster.stopGracefully(cluster.ownerOf(keys.get(0)));
        cluster.awaitMembers(3);
        cluster.awaitClusterSafe();
        awaitProgress(300);

        HistoryReport report = history.finishAndCheck();
        System.out.printf("[history scale up and down, in-JVM] %s%n", HistoryLoad.summary(report));
        assertThat(report.linearizable()).as("per key:%n%s", report).isTrue();
    }

    @Test
    void control_aCrashWithoutBackups_losesWrites_andTheCheckerSeesIt() throws Exception {
        cluster = InJvmCluster.start(3, "--backups=0");
        List<String> keys = HistoryLoad.freshKeys(12);
        history = new HistoryLoad(ports(List.of(0, 1, 2)), PROCESSES, keys, LOAD_BOUND);
        awaitProgress(300);

        cluster.terminate(cluster.ownerOf(keys.get(0)));
        cluster.awaitMembers(2);
        awaitProgress(300);

        HistoryReport report = history.finishAndCheck();
        System.out.printf("[history crash without backups, in-JVM control] %s%n%s%n", HistoryLoad.summary(report),
                report);
        assertThat(report.anyViolation()).as("the checker sees the lost writes").isTrue();
    }

    private List<Integer> ports(List<Integer> nodes) {
        return nodes.stream().map(index -> cluster.node(index).grpcPort()).toList();
    }

    private void awaitProgress(long more) {
        long before = history.answered();
        await("the history load goes on").atMost(Duration.ofSeconds(60)).until(() -> history.answered() >= before + more);
    }
}
