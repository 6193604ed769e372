package io.ringcache.cluster;

import io.ringcache.cluster.history.HistoryReport;
import io.ringcache.cluster.history.KeyReport;
import io.ringcache.cluster.history.SearchBudget;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.KeySlots;
import io.ringcache.proto.v1.TopologyResponse;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four network nemeses on one 5-node compose cluster, one after the other, so the cluster
 * forms once: a one-way cut (the coordinator's packets to two members dropped, theirs to it
 * delivered), a flaky link (30% of the packets between 3 and 2 nodes dropped), the coordinator
 * cut off alone (1 | 4), and ten short 3 | 2 cuts with the sides changing. Each runs under a
 * steady load and a history load through all five nodes; after each the test heals, waits for
 * one cluster of 5, checks that every acknowledged write is readable through every node, and
 * checks the history key by key. During the 1 | 4 cut it also reports, second by second, how
 * available the keys are whose every copy is on the larger side.
 *
 * <p>Asserted for every nemesis: no read through the serving side that misses a value
 * unflagged; nothing acknowledged lost, but after the short cuts (reported only, for
 * {@link #SHORT_CUTS_LOSS_CAUSE}). The history (on the default cache) must be linearizable after
 * the flaky link. The one-way cut, the coordinator cut off alone and the short cuts also record
 * a second history at the same time, on a {@code linearizable-reads} cache with a lost-partition
 * fence: that one is asserted, and the default cache's reported ({@link #OWNER_CUT_OFF_CAUSE},
 * {@link #ONE_WAY_CAUSE}). Issue #16 item 3.
 */
class NemesesContainerIT {

    private static final List<Integer> ALL = List.of(1, 2, 3, 4, 5);
    private static final Duration FORMATION = Duration.ofMinutes(4);
    private static final Duration WHOLE_AGAIN = Duration.ofMinutes(2);
    private static final Duration READABLE_AGAIN = Duration.ofSeconds(90);
    private static final int HISTORY_PROCESSES = 6;
    private static final SearchBudget REPORT_ONLY_BUDGET =
            new SearchBudget(300_000, Duration.ofSeconds(5), Duration.ofSeconds(2));
    private static final int HISTORY_KEYS = 10;
    private static final double FLAKY_DROP_PROBABILITY = 0.3;
    private static final int SHORT_CUTS = 10;
    /** Keys probed for availability during the 1 | 4 cut, every copy on the larger side. */
    private static final int AVAILABILITY_KEYS = 40;
    private static final Duration AVAILABILITY_BASELINE = Duration.ofSeconds(10);
    /** Issue #16 item 4: the keys a fault does not touch keep this share of their rate, reported. */
    private static final double AVAILABILITY_TARGET = 0.8;
    /**
     * {@code -Dnemeses.backups=2} runs every nemesis with that many backups (default: the
     * node's, 1), to measure what more copies change; CI runs the default.
     */
    private static final String BACKUPS_PROPERTY = "nemeses.backups";
    /**
     * {@code -Dnemeses.only=one-way} (comma-separated: one-way, flaky, coordinator-alone,
     * short-cuts) runs only those nemeses, to repeat one; CI runs all four.
     */
    private static final String ONLY_PROPERTY = "nemeses.only";
    /**
     * A cache whose reads wait for the backups' confirmation and which fences lost partitions,
     * beside the default cache, which does neither.
     */
    private static final String LINEARIZABLE = LedgerCache.NAME;

    /**
     * Why the one-way cut's history in the default cache is reported, not asserted
     * (docs/reliability.md, known limits); the ledger cache's is asserted: its fence, its owner
     * lease, its refusal of a silent owner's keys and the merging member's fence close the
     * causes below (four runs of 10 of 10 keys before it was asserted, 2026-12-05). The node
     * logs show the master removing both members it cannot reach at the member timeout: with
     * one backup that is two members lost at once, so the serving side reports lost partitions
     * (reads flagged possibly_lost), takes new writes on them, and the merge after the heal
     * keeps those over the writes acknowledged before the cut. Another run's
     * witnesses, 2 s into the cut, match the short cuts' cause instead (below), which the
     * ledger cache's linearizable reads close.
     */
    private static final String ONE_WAY_CAUSE = "the master removes both cut-off members at once: partitions whose two "
            + "copies were on them are lost to the serving side, which writes over them";
    /**
     * Why the short cuts' lost acknowledged writes are reported, not asserted: in one run (5 s
     * cuts, 2 s healed) 895 acknowledged writes stayed unreadable. The node logs show a merge after
     * one cut hit by the next: Hazelcast's MapMergeRunnable failed with
     * IndeterminateOperationStateException ("While merging...") and the merging side's entries,
     * partitions whose every copy it held, were not sent again. With 3 s healed, a run lost none.
     * The same merge failure, after a single cut, is what the merging members' re-send
     * (MergeBackstop) now closes; kept reported here until runs show the short cuts lose none.
     */
    private static final String SHORT_CUTS_LOSS_CAUSE = "a merge interrupted by the next cut (Hazelcast "
            + "MapMergeRunnable: IndeterminateOperationStateException) drops the merging side's entries";
    /**
     * Why the default cache's history is reported, not asserted, under a cut that isolates
     * owners (the short cuts, and the coordinator cut off alone). The witnesses show a value
     * written by a call that failed (unknown) read through one node and an older value read
     * through another during the same cut: an owner on the smaller side applies a write whose
     * backup never confirms (the caller gets UNAVAILABLE or no answer, the owner keeps the value
     * and serves it until it sees its quorum gone), while after half the member timeout the
     * larger side reads that owner's keys from the backup, which does not hold it. In the
     * coordinator-alone cut (2026-12-05) a Delete and a Put sent through the larger side at the
     * cut reached the coordinator, the key's owner; a read through it 0.5 s later saw the Put at
     * version 1, and a read through the larger side 4.6 s after the cut the value before the
     * Delete. The linearizable-reads cache, whose reads wait for the backup, is asserted in the
     * same runs.
     */
    private static final String OWNER_CUT_OFF_CAUSE = "an owner cut off serves a write its backup never confirmed while "
            + "the other side reads the backup (the default cache's reads do not wait for the backup)";

    private Compose compose;
    /** When the running nemesis's fault began, if it waited before ({@link System#nanoTime()}; 0 if not). */
    private long faultStartedAt;
    private final List<AutoCloseable> loads = new ArrayList<>();
    private final List<CacheTestClient> clients = new ArrayList<>();
    private final List<CacheTestClient> probes = new ArrayList<>();
    /** Published ports by "node/port": asking docker-compose costs most of a second each time. */
    private final Map<String, Integer> published = new HashMap<>();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(loads);
        for (AutoCloseable load : loads) {
            load.close();
        }
        clients.forEach(CacheTestClient::close);
        probes.forEach(CacheTestClient::close);
        if (compose != null) {
            try { // the nodes' logs outlive the containers, for the cause of a violation the history shows
                System.out.printf("[nemesis] node logs: %s%n", compose.saveLogs());
            } catch (RuntimeException e) {
                System.out.printf("[nemesis] node logs not saved: %s%n", e.getMessage());
            }
            compose.close();
        }
    }

    /**
     * What one nemesis left behind, for the assertions made once every nemesis has run. A run
     * whose history is {@code reportOnly} (the known cause) is printed, not asserted.
     */
    private record Run(String name, List<String> lost, List<String> silentMisses, List<CheckedHistory> histories,
                       String lossReportOnly) {

        /** The same run, its lost acknowledged writes reported, not asserted, for {@code cause}. */
        Run lossReportedOnly(String cause) {
            if (!lost.isEmpty()) {
                System.out.printf("[nemesis %s] %d acknowledged writes unreadable, report-only: %s%n", name,
                        lost.size(), cause);
            }
            return new Run(name, lost, silentMisses, histories, cause);
        }
    }

    /** A history to record on one cache's keys; {@code reportOnly} names the known cause when it is not asserted. */
    private record History(String cache, String reportOnly) {

        static History asserted(String cache) {
            return new History(cache, null);
        }

        String label() {
            return cache.isEmpty() ? "default cache" : cache + " cache (linearizable reads, lost partitions fenced)";
        }
    }

    private record CheckedHistory(History history, HistoryLoad load, HistoryReport report) {
    }

    @Test
    void oneWayCut_flakyLink_coordinatorAlone_shortCuts_eachHealsIntoOneClusterAndLosesNothingAcknowledged()
            throws Exception {
        String backups = System.getProperty(BACKUPS_PROPERTY, "");
        compose = new Compose(backups.isEmpty() ? Map.of() : Map.of("RINGCACHE_BACKUPS", backups),
                LedgerCache.CONFIG);
        compose.up(5);
        awaitOneCluster(FORMATION);
        if (!backups.isEmpty()) {
            System.out.printf("[nemeses] every node started with %s backups%n", backups);
        }
        List<Run> runs = new ArrayList<>();

        // (a) One way: the coordinator's packets to two members are dropped, theirs reach it.
        int coordinator = coordinator();
        List<Integer> others = allBut(coordinator);
        List<Integer> deaf = others.subList(0, 2);
        List<Integer> bystanders = others.subList(2, 4);
        if (selected("one-way")) {
            runs.add(underNemesis("one-way", String.format("node %d (the coordinator) -> nodes %s dropped, the other "
                    + "way delivered, 15 s; load through %s", coordinator, deaf, bystanders), bystanders,
                    List.of(new History("", ONE_WAY_CAUSE), History.asserted(LINEARIZABLE)), () -> {
                        compose.dropOneWay(coordinator, deaf);
                        keepFaultFor(Duration.ofSeconds(15));
                    }));
        }

        // (b) A flaky link: 30% of the packets between the two groups dropped, either way.
        if (selected("flaky")) {
            List<Integer> three = List.of(1, 2, 3);
            List<Integer> two = List.of(4, 5);
            runs.add(underNemesis("flaky", String.format("%.0f%% of packets between %s and %s dropped, 20 s; load "
                    + "through %s", FLAKY_DROP_PROBABILITY * 100, three, two, three), three, List.of(History.asserted("")), () -> {
                        compose.lossy(three, two, FLAKY_DROP_PROBABILITY);
                        keepFaultFor(Duration.ofSeconds(20));
                    }));
        }

        if (selected("coordinator-alone")) {
            // (c) The coordinator cut off alone, 1 | 4, with the availability of the larger side's keys.
            int alone = coordinator();
            List<Integer> larger = allBut(alone);
            List<String> largerSideKeys = keysWithEveryCopyOn(larger);
            UnaffectedKeysLoad rate = track(new UnaffectedKeysLoad(ports(larger), largerSideKeys, Duration.ofMinutes(3)));
            long[] cutAndHeal = new long[2];
            runs.add(underNemesis("coordinator alone", String.format("node %d (the coordinator) cut off from %s, 20 s; "
                    + "load through %s", alone, larger, larger), larger,
                    List.of(new History("", OWNER_CUT_OFF_CAUSE), History.asserted(LINEARIZABLE)), () -> {
                        // The baseline window must see the scenario's other loads running too: measured
                        // while they start, it read 135 of the 200 calls/s asked (CPU, on 2 cores).
                        long loadsUp = System.nanoTime();
                        await("a baseline of the larger side's keys' rate").atMost(Duration.ofSeconds(60))
                                .until(() -> System.nanoTime() - loadsUp > AVAILABILITY_BASELINE.plusSeconds(1).toNanos());
                        cutAndHeal[0] = System.nanoTime();
                        faultStartedAt = cutAndHeal[0];
                        compose.partition(List.of(alone), larger);
                        keepFaultFor(Duration.ofSeconds(20));
                        cutAndHeal[1] = System.nanoTime();
                    }));
            await("10 s after the heal").atMost(AVAILABILITY_BASELINE.plusSeconds(5))
                    .until(() -> System.nanoTime() - cutAndHeal[1] > AVAILABILITY_BASELINE.toNanos());
            UnaffectedKeysLoad.Curve curve = rate.curve(cutAndHeal[0], (int) AVAILABILITY_BASELINE.toSeconds(),
                    cutAndHeal[1], cutAndHeal[1] + AVAILABILITY_BASELINE.toNanos());
            System.out.printf("[nemesis coordinator alone availability] %d keys with every copy on the larger side, "
                            + "paced at %d calls/s through it, %d s baseline, | at the heal: %s; failures %s%n",
                    largerSideKeys.size(), UnaffectedKeysLoad.pacedRate(), AVAILABILITY_BASELINE.toSeconds(),
                    curve.summary(AVAILABILITY_TARGET), rate.failures());
            System.out.printf("[nemesis coordinator alone availability] calls over 200 ms, by the second sent from the "
                    + "cut, through nodes %s: %s%n", larger, rate.slowCalls(cutAndHeal[0], -(int) AVAILABILITY_BASELINE.toSeconds(),
                    (int) ((System.nanoTime() - cutAndHeal[0]) / 1_000_000_000L) + (int) AVAILABILITY_BASELINE.toSeconds()));
            loads.remove(rate);
            rate.close();
        }

        if (selected("short-cuts")) {
            // (d) Ten short 3 | 2 cuts, the smaller side changing every time, healed in between.
            runs.add(underNemesis("short cuts", String.format("%d cycles of 5 s cut 3 | 2 (smaller side changing), 3 s "
                    + "healed; load through all", SHORT_CUTS), ALL,
                    List.of(new History("", OWNER_CUT_OFF_CAUSE), History.asserted(LINEARIZABLE)), () -> {
                        for (int cycle = 0; cycle < SHORT_CUTS; cycle++) {
                            List<Integer> smaller = List.of(ALL.get(2 * cycle % 5), ALL.get((2 * cycle + 1) % 5));
                            compose.partition(allBut(smaller), smaller);
                            keepFaultFor(Duration.ofSeconds(5));
                            compose.heal(ALL);
                            // 3 s: with 2 s a run lost writes to an interrupted merge and took 161 s to check.
                            keepFaultFor(Duration.ofSeconds(3));
                        }
                    }).lossReportedOnly(SHORT_CUTS_LOSS_CAUSE));
        }

        for (Run run : runs) {
            if (run.lossReportOnly() == null) {
                assertThat(run.lost()).as("%s: acknowledged writes unreadable after the heal", run.name()).isEmpty();
            }
        }
        for (Run run : runs) {
            assertThat(run.silentMisses()).as("%s: reads through the serving side that missed a value unflagged",
                    run.name()).isEmpty();
            for (CheckedHistory checked : run.histories()) {
                if (checked.history().reportOnly() == null) {
                    // The witnesses in the message itself: CI shows a failure's message, not always the log above it.
                    String witnesses = checked.report().keys().stream().filter(key -> !key.linearizable())
                            .map(KeyReport::toString).collect(Collectors.joining("\n"));
                    assertThat(checked.report().linearizable()).as("%s, %s: every key linearizable; not:%n%s", run.name(),
                            checked.history().label(), witnesses.length() > 6_000
                                    ? witnesses.substring(0, 6_000) + " ..." : witnesses).isTrue();
                }
            }
        }
    }

    /**
     * Starts a steady load through {@code loadNodes} and a history load through every node, lets
     * {@code nemesis} do its damage, heals, and measures the way back: one cluster of 5, every
     * node accepting writes, every acknowledged write readable through every node. Prints the
     * scenario's line and the history's verdict per key.
     */
    private Run underNemesis(String name, String description, List<Integer> loadNodes, List<History> histories,
                             Nemesis nemesis) throws Exception {
        SteadyLoad load = track(new SteadyLoad(ports(loadNodes), Duration.ofMinutes(5)));
        long historyStart = System.nanoTime();
        List<HistoryLoad> historyLoads = new ArrayList<>();
        for (History history : histories) {
            historyLoads.add(track(new HistoryLoad(ports(ALL), history.cache(), HISTORY_PROCESSES,
                    HistoryLoad.freshKeys(HISTORY_KEYS), Duration.ofMinutes(5))));
        }
        await(name + ": load under way").atMost(Duration.ofSeconds(60))
                .until(() -> load.acknowledgedCount() > 100 && historyLoads.stream().allMatch(h -> h.answered() > 100));

        faultStartedAt = 0;
        long inflictedAt = System.nanoTime();
        nemesis.inflict();
        // A nemesis that waits first (for a baseline) says when its fault began.
        long faultAt = faultStartedAt != 0 ? faultStartedAt : inflictedAt;
        long healedAt = System.nanoTime();
        compose.heal(ALL);
        awaitOneCluster(WHOLE_AGAIN);
        long wholeMs = millisSince(healedAt);
        await(name + ": every node accepts writes again").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> ALL.stream().allMatch(this::writeAccepted));
        long servingMs = millisSince(healedAt);
        Map<String, String> acknowledged = load.finish();
        PendingReadback readback = new PendingReadback(ALL, this::client, acknowledged);
        long readableMs;
        try {
            // The merge sends the smaller side's entries after it has joined, so give it time.
            await(name + ": every acknowledged write readable through every node").atMost(READABLE_AGAIN)
                    .pollInterval(Duration.ofSeconds(1)).ignoreException(GrpcCallException.class)
                    .until(readback::allReadBack);
            readableMs = millisSince(healedAt);
        } catch (ConditionTimeoutException e) {
            readableMs = -1;
        }
        List<String> lost = readback.notReadBack();
        for (HistoryLoad historyLoad : historyLoads) { // all at once, before any is checked
            historyLoad.stop();
        }
        List<CheckedHistory> checked = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            // A reported-only history gets a smaller budget: a key past it is reported as such, and
            // the short cuts' full budget once took 90 s of the container stage on three keys.
            String reportOnly = histories.get(i).reportOnly();
            checked.add(new CheckedHistory(histories.get(i), historyLoads.get(i), historyLoads.get(i)
                    .finishAndCheck(reportOnly == null ? SearchBudget.DEFAULT : REPORT_ONLY_BUDGET)));
        }

        System.out.printf("[nemesis %s] %s: %d writes acknowledged, %d unreadable after the heal; one cluster of 5 "
                        + "%d ms after the heal, every node accepting writes %d ms after it, every acknowledged "
                        + "write readable %d ms after it; %d reads answered without their value (%d not flagged "
                        + "possibly_lost); failures %s%n", name, description, acknowledged.size(), lost.size(),
                wholeMs, servingMs, readableMs, load.missedReads().size(), load.silentlyMissedReads().size(),
                load.failures());
        for (CheckedHistory history : checked) {
            HistoryReport report = history.report();
            String reportOnly = history.history().reportOnly();
            // The times the report prints count from the history's first call, not from historyStart.
            long origin = history.load().originNanos(historyStart);
            System.out.printf("[nemesis %s history, %s] %s; linearizable per key: %s; on the history's clock the "
                            + "nemesis began about %d ms, the heal %d ms%s; failures: %s%n", name,
                    history.history().label(), HistoryLoad.summary(report), report.keys().stream()
                            .map(key -> key.linearizable() ? "yes" : "NO (" + key.verdict() + ")")
                            .collect(Collectors.joining(" ")), (faultAt - origin) / 1_000_000,
                    (healedAt - origin) / 1_000_000, reportOnly == null ? "" : "; report-only: " + reportOnly,
                    history.load().failureCauses(6));
            report.keys().stream().filter(key -> !key.linearizable()).map(KeyReport::toString)
                    .forEach(System.out::println);
            String targets = history.load().witnessTargets(report);
            if (!targets.isEmpty()) {
                System.out.println(targets);
            }
        }
        if (!lost.isEmpty()) {
            System.out.printf("[nemesis %s] unreadable: %s%n", name, lost.subList(0, Math.min(20, lost.size())));
        }
        return new Run(name, lost, load.silentlyMissedReads(), checked, null);
    }

    private static boolean selected(String nemesis) {
        String only = System.getProperty(ONLY_PROPERTY, "");
        return only.isBlank() || List.of(only.split(",")).contains(nemesis);
    }

    /** The damage a nemesis does, up to (not including) the heal. */
    @FunctionalInterface
    private interface Nemesis {
        void inflict() throws Exception;
    }

    /**
     * Keeps the fault in place for its planned length: this is the nemesis's schedule, not a
     * wait for a condition (the loads observe the cluster meanwhile).
     */
    private static void keepFaultFor(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }

    /** The compose index of the coordinator (Hazelcast's master: the oldest member, first in the topology). */
    private int coordinator() {
        String address = topology().getMembers(0).getGrpcAddress();
        return indexOfAddress(address);
    }

    private int indexOfAddress(String grpcAddress) {
        String host = grpcAddress.substring(0, grpcAddress.lastIndexOf(':'));
        return ALL.stream().filter(node -> compose.address(node).equals(host)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node has address " + grpcAddress));
    }

    private TopologyResponse topology() {
        return await("a topology of 5").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client(1).topology(), topology -> topology.getMembersCount() == 5);
    }

    /** Keys whose owner and every backup are among {@code nodes}, by the current topology. */
    private List<String> keysWithEveryCopyOn(List<Integer> nodes) {
        TopologyResponse topology = topology();
        List<Integer> memberNodes = topology.getMembersList().stream()
                .map(member -> indexOfAddress(member.getGrpcAddress())).toList();
        int backups = topology.getBackupsPerSlot();
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < AVAILABILITY_KEYS; i++) {
            String key = "available-" + i;
            int slot = KeySlots.slot(key.getBytes(StandardCharsets.UTF_8));
            List<Integer> replicas = new ArrayList<>();
            replicas.add(topology.getSlotOwners(slot));
            IntStream.range(0, backups).forEach(b -> replicas.add(topology.getSlotBackups(slot * backups + b)));
            if (replicas.stream().allMatch(member -> member >= 0 && nodes.contains(memberNodes.get(member)))) {
                keys.add(key);
            }
        }
        return keys;
    }

    private void awaitOneCluster(Duration bound) {
        await("one cluster of 5").atMost(bound).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ALL.stream().allMatch(node -> membersSeenBy(node) == 5));
    }

    private boolean writeAccepted(int node) {
        try {
            probe(node).put("serving-probe-" + node, "x");
            return true;
        } catch (GrpcCallException e) {
            return false;
        }
    }

    private <T extends AutoCloseable> T track(T load) {
        loads.add(load);
        return load;
    }

    private List<Integer> ports(List<Integer> nodes) {
        return nodes.stream().map(node -> port(node, 7070)).toList();
    }

    private static List<Integer> allBut(int node) {
        return ALL.stream().filter(other -> other != node).toList();
    }

    private static List<Integer> allBut(List<Integer> nodes) {
        return ALL.stream().filter(other -> !nodes.contains(other)).toList();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private CacheTestClient client(int node) {
        while (clients.size() < node) {
            clients.add(new CacheTestClient("127.0.0.1", port(clients.size() + 1, 7070)));
        }
        return clients.get(node - 1);
    }

    /** A client with a short deadline, so the return to service is timed finely. */
    private CacheTestClient probe(int node) {
        while (probes.size() < node) {
            probes.add(new CacheTestClient("127.0.0.1", port(probes.size() + 1, 7070),
                    Duration.ofSeconds(1)));
        }
        return probes.get(node - 1);
    }

    private int membersSeenBy(int node) {
        return NodeProbe.readyMembers("127.0.0.1", port(node, 8080));
    }

    private int port(int node, int containerPort) {
        return published.computeIfAbsent(node + "/" + containerPort, k -> compose.port(node, containerPort));
    }
}
