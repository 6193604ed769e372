package io.ringcache.cluster;

import io.ringcache.cluster.history.HistoryReport;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 5-node compose cluster cut into 3 | 2 by iptables rules in the containers' network
 * namespaces, under load on the larger side. Split-brain protection makes the smaller side
 * refuse; after the heal the cluster is one again and nothing the majority acknowledged is
 * lost, including keys in partitions whose every copy was on the smaller side. The control,
 * with protection off, shows what it prevents: the smaller side acknowledges overwrites that
 * the merge then drops. Two histories run through every node: the default cache's, reported
 * (the larger side writes over keys whose every copy is on the smaller side), and the
 * {@link LedgerCache}'s, which fences those keys until the merge and is asserted linearizable.
 */
class SplitBrainContainerIT {

    private static final List<Integer> MAJORITY = List.of(1, 2, 3);
    private static final List<Integer> MINORITY = List.of(4, 5);
    private static final List<Integer> ALL = List.of(1, 2, 3, 4, 5);
    private static final Duration FORMATION = Duration.ofMinutes(4);

    /** Threads recording a history through every node, both sides of the cut, for the checker. */
    private static final int HISTORY_PROCESSES = 6;
    private static final int HISTORY_KEYS = 10;

    private Compose compose;
    private SteadyLoad load;
    private HistoryLoad history;
    /** The same load on the keys of {@link LedgerCache}, whose history is asserted. */
    private HistoryLoad ledgerHistory;
    private final List<CacheTestClient> clients = new ArrayList<>();
    private final List<CacheTestClient> probes = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        if (history != null) {
            history.close();
        }
        if (ledgerHistory != null) {
            ledgerHistory.close();
        }
        if (load != null) {
            load.close();
        }
        clients.forEach(CacheTestClient::close);
        probes.forEach(CacheTestClient::close);
        if (compose != null) {
            compose.close();
        }
    }

    @Test
    void partitionThreeTwo_smallerSideRefuses_largerServes_andAfterTheHealNothingAcknowledgedIsLost() throws Exception {
        startFiveUnderLoad(Map.of());
        ledgerHistory = new HistoryLoad(ALL.stream().map(node -> compose.port(node, 7070)).toList(), LedgerCache.NAME,
                HISTORY_PROCESSES, HistoryLoad.freshKeys(HISTORY_KEYS), Duration.ofMinutes(8));

        long cutAt = System.nanoTime();
        compose.partition(MAJORITY, MINORITY);
        await("the smaller side refuses writes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> MINORITY.stream().allMatch(node -> writeRefused(node)));
        long refusedMs = (System.nanoTime() - cutAt) / 1_000_000;
        int ackedAtRefusal = load.acknowledgedCount();
        await("the larger side keeps serving").atMost(Duration.ofSeconds(60))
                .until(() -> load.acknowledgedCount() > ackedAtRefusal + 300);

        long healedAt = System.nanoTime();
        compose.heal(ALL);
        awaitOneCluster();
        long mergedMs = (System.nanoTime() - healedAt) / 1_000_000;
        Map<String, String> acknowledged = load.finish();
        // The merge sends the smaller side's entries after it has joined: partitions whose every
        // copy was on the smaller side come back shortly after the membership is whole.
        PendingReadback readback = new PendingReadback(ALL, this::client, acknowledged);
        await("every acknowledged write readable through every node after the heal")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .ignoreException(GrpcCallException.class)
                .until(readback::allReadBack);
        long wholeMs = (System.nanoTime() - healedAt) / 1_000_000;

        System.out.printf("[split 3|2] smaller side refused writes %d ms after the cut; the larger side "
                        + "acknowledged %d writes meanwhile; one cluster of 5 again %d ms after the heal, every "
                        + "acknowledged write readable again %d ms after it; %d reads during the split answered "
                        + "possibly_lost (every copy on the other side); failures %s%n", refusedMs,
                load.acknowledgedCount() - ackedAtRefusal, mergedMs, wholeMs, load.missedReads().size(),
                load.failures());
        // The default cache's history is reported: the larger side answers and writes keys whose
        // every copy is on the smaller side, and those writes win the merge (docs/reliability.md).
        // The ledger cache refuses those keys until the merge has brought them back: asserted.
        ledgerHistory.stop();
        checkHistory("split 3|2");
        HistoryReport ledger = ledgerHistory.finishAndCheck();
        System.out.printf("[history split 3|2, ledger cache] %s; failures: %s%n%s%n", HistoryLoad.summary(ledger),
                ledgerHistory.failureCauses(8), ledger);
        // Bounds for a 2-core host shared with the history load's six clients and other builds:
        // 4-7 s and 20-30 s without them, 11 s and 56 s seen with them.
        assertThat(refusedMs).isLessThan(15_000);
        assertThat(wholeMs).isLessThan(90_000);
        // With one backup some partitions had every copy on the smaller side: the larger side
        // answers their keys as misses while the split lasts, flagged, never silently.
        assertThat(load.silentlyMissedReads()).isEmpty();
        assertThat(ledger.linearizable()).as("every key of the ledger cache linearizable").isTrue();
    }

    @Test
    void control_withoutProtection_theSmallerSideAcknowledgesWritesThatTheMergeDrops() throws Exception {
        startFiveUnderLoad(Map.of("RINGCACHE_SPLIT_BRAIN_PROTECTION", "off"));
        for (int i = 0; i < 200; i++) {
            client(1).put("shared-" + i, "before");
        }

        compose.partition(MAJORITY, MINORITY);
        await("the smaller side sees only itself").atMost(Duration.ofSeconds(60))
                .until(() -> MINORITY.stream().allMatch(node -> membersSeenBy(node) == 2));
        // Unprotected, the smaller side acknowledges overwrites the larger side never sees.
        Map<String, String> acknowledgedByMinority = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            try {
                client(MINORITY.get(i % 2)).put("shared-" + i, "minority");
                acknowledgedByMinority.put("shared-" + i, "minority");
            } catch (GrpcCallException e) {
                // only acknowledged writes count
            }
        }
        compose.heal(ALL);
        awaitOneCluster();

        List<String> lost = unreadable(client(1), acknowledgedByMinority);
        System.out.printf("[split 3|2 control] protection off: the smaller side acknowledged %d overwrites, the "
                + "merge dropped %d of them%n", acknowledgedByMinority.size(), lost.size());
        HistoryReport report = checkHistory("split 3|2 control");
        assertThat(acknowledgedByMinority).isNotEmpty();
        assertThat(lost).isNotEmpty();
        assertThat(report.anyViolation()).as("the checker sees the overwrites the merge dropped").isTrue();
    }

    private void startFiveUnderLoad(Map<String, String> environment) {
        compose = new Compose(environment, LedgerCache.CONFIG);
        compose.up(5);
        awaitOneCluster();
        load = new SteadyLoad(MAJORITY.stream().map(node -> compose.port(node, 7070)).toList(),
                Duration.ofMinutes(8));
        history = new HistoryLoad(ALL.stream().map(node -> compose.port(node, 7070)).toList(), HISTORY_PROCESSES,
                HistoryLoad.freshKeys(HISTORY_KEYS), Duration.ofMinutes(8));
        await("load under way").atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() > 300);
    }

    /** Stops the history load, checks it and prints the verdict per key. */
    private HistoryReport checkHistory(String scenario) throws InterruptedException {
        HistoryReport report = history.finishAndCheck();
        System.out.printf("[history %s] %s; failures: %s%n%s%n", scenario, HistoryLoad.summary(report),
                history.failureCauses(8), report);
        return report;
    }

    private void awaitOneCluster() {
        await("one cluster of 5").atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> ALL.stream().allMatch(node -> membersSeenBy(node) == 5));
    }

    private boolean writeRefused(int node) {
        try {
            probe(node).put("probe-" + node, "x");
            return false;
        } catch (GrpcCallException e) {
            return e.status() == GrpcStatus.UNAVAILABLE;
        }
    }

    private CacheTestClient client(int node) {
        while (clients.size() < node) {
            clients.add(new CacheTestClient("127.0.0.1", compose.port(clients.size() + 1, 7070)));
        }
        return clients.get(node - 1);
    }

    /** A client with a short deadline, so the refusal is timed finely. */
    private CacheTestClient probe(int node) {
        while (probes.size() < node) {
            probes.add(new CacheTestClient("127.0.0.1", compose.port(probes.size() + 1, 7070),
                    Duration.ofSeconds(1)));
        }
        return probes.get(node - 1);
    }

    private int membersSeenBy(int node) {
        return NodeProbe.readyMembers("127.0.0.1", compose.port(node, 8080));
    }
}
