package io.ringcache.cluster;

import io.ringcache.cluster.history.HistoryReport;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite on forked nodes (docs/reliability.md): each scenario runs under a steady
 * write+read load from an independent client and ends by reading every acknowledged key from
 * the surviving nodes. Each protection has a control run without it, which must see a loss,
 * so the suite proves it can see one.
 */
class FaultSuiteIT {

    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(10);
    /** Writes to a frozen node's keys wait for Hazelcast's failover: the member timeout, then the repair. */
    private static final Duration WRITE_FAILOVER_BOUND = Duration.ofSeconds(30);
    private static final Duration LOAD_BOUND = Duration.ofMinutes(5);
    private static final Set<String> RETRYABLE = Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED");

    /** Threads recording a history on the keys below, for the linearizability checker. */
    private static final int HISTORY_PROCESSES = 6;
    private static final int HISTORY_KEYS_PER_NODE = 3;

    /** Keys a frozen member neither owns nor backs up, whose rate should hold (issue #16 item 4). */
    private static final int UNAFFECTED_KEYS = 30;
    private static final Duration BASELINE = Duration.ofSeconds(10);
    private static final double AVAILABILITY_TARGET = 0.8;

    private ForkedCluster cluster;
    private SteadyLoad load;
    private HistoryLoad history;
    private UnaffectedKeysLoad unaffected;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (unaffected != null) {
            unaffected.close();
        }
        if (history != null) {
            history.close();
        }
        if (load != null) {
            load.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    // 1. SIGKILL of the node owning a hot key.

    @Test
    void sigkillOfTheHotKeysOwner_losesNoAcknowledgedWrite_andEveryKeyIsReadableWithinTenSeconds() throws Exception {
        startUnderLoad(3);
        int victim = cluster.ownerOf(SteadyLoad.HOT_KEY, 0);
        Map<String, String> beforeKill = load.acknowledged();

        long killedAt = System.nanoTime();
        cluster.node(victim).kill();
        List<Integer> survivors = cluster.allBut(victim);
        long servedMs = Recovery.millisUntilEveryKeyReadable(killedAt, cluster.grpcPorts(survivors), beforeKill,
                FAILOVER_BOUND);
        cluster.awaitReady(survivors, 2);
        Map<String, String> acknowledged = keepLoading(200);
        assertNoLossReported(survivors);

        System.out.printf("[fault sigkill] SIGKILL of the hot key's owner (node %d of 3): every key served by the "
                        + "others %d ms after the kill; %d writes acknowledged, failures %s%n", victim, servedMs,
                acknowledged.size(), load.failures());
        assertThat(servedMs).isLessThan(FAILOVER_BOUND.toMillis());
        assertNothingLost("sigkill", survivors, acknowledged);
    }

    @Test
    void control_sigkillWithoutBackups_losesWrites_andTheSuiteSeesIt() throws Exception {
        startControlUnderLoad(3, "--backups=0");
        int victim = cluster.ownerOf(SteadyLoad.HOT_KEY, 0);

        cluster.node(victim).kill();
        List<Integer> survivors = cluster.allBut(victim);
        cluster.awaitReady(survivors, 2);
        Map<String, String> acknowledged = keepLoading(100);

        List<String> lost = unreadable(cluster.client(survivors.get(0)), acknowledged);
        System.out.printf("[fault sigkill control] no backups: %d of %d acknowledged writes lost%n", lost.size(),
                acknowledged.size());
        assertThat(lost).isNotEmpty();
        assertHistoryViolated("sigkill control");
    }

    // 2. A node frozen for 30 s: the coordinator, the slowest to replace.

    @Test
    void aNodeFrozenForThirtySeconds_isRoutedAroundWithinTenSeconds_andRejoinsCleanly() throws Exception {
        // The capped cache keeps no tombstones: there, the heal brings deleted keys back (the
        // control for the default cache, where it must not).
        startUnderLoad(3, "--config=" + cachesFile("capped:\n    max-entries-per-node: 100000\n    eviction: lru"));
        int victim = cluster.coordinator(0);
        List<Integer> others = cluster.allBut(victim);
        startUnaffectedLoad(victim);
        List<String> writeProbes = IntStream.range(0, 200).mapToObj(i -> "write-probe-" + i).toList();
        writeProbes.forEach(key -> cluster.client(others.get(0)).put(key, "before the freeze"));
        List<String> deleteProbes = IntStream.range(0, 50).mapToObj(i -> "delete-probe-" + i).toList();
        for (String cache : List.of("", "capped")) {
            deleteProbes.forEach(key -> cluster.client(others.get(0)).put(PutRequest.newBuilder().setCache(cache)
                    .setKey(CacheTestClient.bytes(key)).setValue(CacheTestClient.bytes("deleted later")).build()));
        }
        awaitUnaffectedBaseline();
        Map<String, String> beforeFreeze = load.acknowledged();

        Map<Integer, Long> quorumLossesBefore = quorumLosses(others);
        long frozenAt = System.nanoTime();
        cluster.node(victim).freeze();
        long readableMs;
        long writableMs;
        int ackedWhileFrozen;
        long thawedAt;
        long rejoinedMs;
        List<String> resurrected;
        try {
            readableMs = Recovery.millisUntilEveryKeyReadable(frozenAt, cluster.grpcPorts(others), beforeFreeze,
                    FAILOVER_BOUND);
            writableMs = Recovery.millisUntilEveryKeyWritable(frozenAt, cluster.grpcPorts(others), writeProbes,
                    WRITE_FAILOVER_BOUND);
            int ackedAtFreeze = load.acknowledgedCount();
            for (String cache : List.of("", "capped")) {
                deleteAll(cluster.client(others.get(0)), cache, deleteProbes);
            }
            List<String> lapses = new java.util.concurrent.CopyOnWriteArrayList<>();
            try {
                await("the others keep serving while node " + victim + " is frozen")
                        .during(Duration.ofSeconds(30).minusNanos(System.nanoTime() - frozenAt))
                        .atMost(Duration.ofSeconds(40))
                        .until(() -> others.stream().allMatch(i -> readyWith(i, 2, frozenAt, lapses)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("a survivor was not ready with 2 members: " + lapses, e);
            }
            ackedWhileFrozen = load.acknowledgedCount() - ackedAtFreeze;
            assertTheSurvivorsHeldTogether(others, quorumLossesBefore);

            thawedAt = System.nanoTime();
            cluster.node(victim).thaw();
            cluster.awaitReady(cluster.indexes(), 3);
            rejoinedMs = (System.nanoTime() - thawedAt) / 1_000_000;
            // The frozen node rejoins through a split-brain merge of its copies. Without tombstones
            // a put-if-absent merge brings back the keys the others deleted meanwhile.
            resurrected = await("the merge brought deleted keys back where no tombstones are kept")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> found(cluster.client(others.get(0)), "capped", deleteProbes), keys -> !keys.isEmpty());
            // A refusal (a member still settling after the merge: UNAVAILABLE, nothing read) is not
            // a resurrection: it only restarts the 5 s of watching.
            Map<Integer, String> lastLook = new java.util.concurrent.ConcurrentHashMap<>();
            try {
                // A resurrected key stays found, so a longer bound hides none; it only lets a loaded
                // host's 150 reads per look (and a node's refusals while it settles) take their time.
                await("deleted keys stay deleted where tombstones are kept").during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.indexes().stream().allMatch(node -> {
                            try {
                                List<String> back = found(cluster.client(node), "", deleteProbes);
                                lastLook.put(node, "found " + back);
                                return back.isEmpty();
                            } catch (GrpcCallException e) {
                                lastLook.put(node, e.getMessage());
                                return false;
                            }
                        }));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("deleted keys read back, or reads refused, by node: " + lastLook, e);
            }
        } catch (AssertionError | GrpcCallException e) {
            throw failureNamingASplit(others, quorumLossesBefore, e);
        }
        keepLoading(200);
        UnaffectedKeysLoad.Curve coordinatorCurve = reportAvailability("coordinator frozen", victim, frozenAt,
                thawedAt);
        Map<String, String> acknowledged = keepLoading(200);

        System.out.printf("[fault freeze] node %d (the coordinator) SIGSTOPped for 30 s: every key read through the "
                        + "others %d ms after the freeze, written through them %d ms after it; %d writes "
                        + "acknowledged while it was frozen; ready again with 3 members %d ms after SIGCONT; "
                        + "failures %s; of %d keys deleted while it was frozen, %d came back after the heal in a "
                        + "cache without tombstones, none in the default cache%n", victim, readableMs, writableMs,
                ackedWhileFrozen, rejoinedMs, load.failures(), deleteProbes.size(), resurrected.size());
        assertThat(readableMs).isLessThan(FAILOVER_BOUND.toMillis());
        assertThat(ackedWhileFrozen).as("writes acknowledged while a node was frozen").isPositive();
        // The unaffected keys' rate is reported, not asserted (a rate is a benchmark's figure, not
        // a test's): docs/reliability.md, "Availability", has the curves.
        assertThat(coordinatorCurve.perSecond()).as("the unaffected keys' rate was measured").isNotEmpty();
        // Linearizable since deletes leave tombstones: before, one CI run saw a key the others
        // deleted come back with the frozen node's merge (docs/reliability.md).
        assertNothingLost("freeze", cluster.indexes(), acknowledged);
        // After the checks: its availability curve is printed, and its survivors must hold together.
        freezeAnotherMemberOf(others);
    }

    @Test
    void whileAnOwnerIsSilent_itsBackupAnswersReads_andWritesAreRefusedAtOnce_beforeMembershipChanges()
            throws Exception {
        // A long member timeout keeps the frozen node a member for the whole check: what is
        // seen is the node's own silence handling, not Hazelcast's failover.
        cluster = ForkedCluster.start(3, "--member-timeout=20s");
        cluster.awaitClusterSafe();
        String key = "silent-owner-key";
        cluster.client(0).put(key, "before the freeze");
        int owner = cluster.ownerOf(key, 0);
        int backup = await("the key's backup assigned").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.firstBackupOf(key, 0), index -> index >= 0);
        int neither = cluster.allBut(owner).stream().filter(i -> i != backup).findFirst().orElseThrow();

        cluster.node(owner).freeze();
        try {
            await("the backup holder answers the frozen owner's key").atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> cluster.client(backup).get(key).getValue().toStringUtf8().equals("before the freeze"));
            assertThat(cluster.client(neither).get(key).getValue().toStringUtf8())
                    .as("read through a node without a copy: it asks the backup holder")
                    .isEqualTo("before the freeze");
            long started = System.nanoTime();
            GrpcStatus write = cluster.client(neither).statusOf(() -> cluster.client(neither).put(key, "during"));
            long refusedInMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("[fault silent owner] node %d frozen: its key read from backup node %d and through "
                    + "node %d; a write through node %d refused %s in %d ms%n", owner, backup, neither, neither, write,
                    refusedInMs);
            assertThat(write).isEqualTo(GrpcStatus.UNAVAILABLE);
            assertThat(refusedInMs).as("refused at once, not after the client's deadline").isLessThan(2_000);
            assertThat(cluster.node(backup).isReadyWith(3)).as("still a member: no failover yet").isTrue();
        } finally {
            cluster.node(owner).thaw();
        }
    }

    @Test
    void control_aFrozenNodeWithoutBackups_losesWrites_andTheSuiteSeesIt() throws Exception {
        // Without backups, and with a merge that drops the rejoining node's data (the default
        // merge would bring its partitions back), the frozen node's keys are gone.
        startControlUnderLoad(3, "--backups=0", "--merge-policy=discard");
        int victim = cluster.ownerOf(SteadyLoad.HOT_KEY, 0);

        cluster.node(victim).freeze();
        cluster.awaitReady(cluster.allBut(victim), 2);
        cluster.node(victim).thaw();
        cluster.awaitReady(cluster.indexes(), 3);
        Map<String, String> acknowledged = keepLoading(100);

        List<String> lost = unreadable(cluster.client(cluster.allBut(victim).get(0)), acknowledged);
        System.out.printf("[fault freeze control] no backups, discard merge: %d of %d acknowledged writes lost%n",
                lost.size(),
                acknowledged.size());
        assertThat(lost).isNotEmpty();
        assertHistoryViolated("freeze control");
    }

    // 4. Rolling restart of every node.

    @Test
    void rollingRestartOfEveryNode_losesNoAcknowledgedWrite_andFailsOnlyRetryably() throws Exception {
        startUnderLoad(3);
        for (int node : cluster.indexes()) {
            cluster.restartGracefully(node, Duration.ofSeconds(90));
            cluster.awaitReady(cluster.indexes(), 3);
            keepLoading(100);
        }
        Map<String, String> acknowledged = load.finish();

        int failed = load.failures().values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("[fault rolling restart] 3 of 3 nodes restarted gracefully under load: %d writes "
                + "acknowledged, %d calls failed %s%n", acknowledged.size(), failed, load.failures());
        assertThat(load.failedStatuses()).isSubsetOf("UNAVAILABLE");
        assertNothingLost("rolling restart", cluster.indexes(), acknowledged);
        assertNoLossReported(cluster.indexes());
    }

    @Test
    void control_rollingRestartByKillWithoutBackups_losesWrites_andTheSuiteSeesIt() throws Exception {
        startControlUnderLoad(3, "--backups=0");
        cluster.restartByKill(1);
        cluster.awaitReady(cluster.indexes(), 3);
        Map<String, String> acknowledged = keepLoading(100);

        List<String> lost = unreadable(cluster.client(0), acknowledged);
        System.out.printf("[fault rolling restart control] SIGKILL, no backups: %d of %d acknowledged writes lost%n",
                lost.size(), acknowledged.size());
        assertThat(lost).isNotEmpty();
        assertHistoryViolated("rolling restart control");
    }

    // 5. Two of five nodes lost at once.

    @Test
    void twoOfFiveKilledAtOnce_withTwoBackups_loseNoAcknowledgedWrite() throws Exception {
        startUnderLoad(5, "--backups=2");

        cluster.killAtOnce(3, 4);
        List<Integer> survivors = List.of(0, 1, 2);
        cluster.awaitReady(survivors, 3);
        Map<String, String> acknowledged = keepLoading(200);

        System.out.printf("[fault two of five] SIGKILL of 2 of 5 at once, 2 backups: %d writes acknowledged, "
                + "failures %s%n", acknowledged.size(), load.failures());
        assertNothingLost("two of five", survivors, acknowledged);
        assertNoLossReported(survivors);
    }

    @Test
    void twoOfFiveKilledAtOnce_withOneBackup_reportLostPartitions_andNeverMissSilently() throws Exception {
        startUnderLoad(5, "--backups=1");
        Map<String, String> beforeKill = load.acknowledged();

        // The coordinator and a member holding the other copy of some of its slots: Hazelcast 5.6
        // was seen to raise no partition-lost event at all when the coordinator died with them,
        // and late ones otherwise; the node's own check (CrashedCopies) must report the loss anyway.
        int coordinator = cluster.coordinator(0);
        int partner = cluster.allBut(coordinator).stream()
                .filter(i -> cluster.slotsOwnedAndBackedUpWithin(List.of(coordinator, i), 0) > 0)
                .findFirst().orElseThrow();
        List<Integer> victims = List.of(coordinator, partner);
        int doomedSlots = cluster.slotsOwnedAndBackedUpWithin(victims, 0);
        System.out.printf("[fault two of five] killing the coordinator (node %d) and node %d: %d slots have both "
                + "copies there%n", coordinator, partner, doomedSlots);
        cluster.killAtOnce(victims.get(0), victims.get(1));
        List<Integer> survivors = java.util.stream.IntStream.range(0, 5).filter(i -> !victims.contains(i))
                .boxed().toList();
        cluster.awaitReady(survivors, 3);
        keepLoading(200);
        load.finish();
        long missing = beforeKill.keySet().stream().filter(key -> !cluster.client(survivors.get(0)).get(key).getFound())
                .count();
        System.out.printf("[fault two of five] after the crash %d of %d keys written before it are missing%n", missing,
                beforeKill.size());

        for (int node : survivors) {
            await("node " + node + " reports lost partitions").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.node(node).readiness().getInteger("lostPartitions", 0) > 0);
            assertThat(cluster.node(node).metric("ringcache_partitions_lost_total"))
                    .as("ringcache_partitions_lost_total on node %d", node).isPositive();
        }
        int flagged = 0;
        List<String> plainMisses = new java.util.ArrayList<>();
        for (String key : beforeKill.keySet()) {
            var answer = cluster.client(survivors.get(0)).get(key);
            if (!answer.getFound()) {
                if (answer.getPossiblyLost()) {
                    flagged++;
                } else {
                    plainMisses.add(key);
                }
            }
        }
        System.out.printf("[fault two of five] SIGKILL of 2 of 5 at once, 1 backup: %d of %d keys lost, every one "
                + "flagged possibly_lost (%d plain misses); reads during the load: %d flagged, %d silent%n", flagged,
                beforeKill.size(), plainMisses.size(), load.missedReads().size(), load.silentlyMissedReads().size());
        assertThat(flagged).as("keys lost with one backup (the control: the check sees a loss)").isPositive();
        assertThat(plainMisses).as("lost keys read as ordinary misses").isEmpty();
        assertThat(load.silentlyMissedReads()).as("reads of acknowledged keys that missed without a flag").isEmpty();
    }

    /**
     * Scenario 2's second part, on the same cluster: a member other than the coordinator frozen
     * for 20 s, while a fresh paced load measures the keys it neither owns nor backs up; prints
     * their rate from the freeze until it is back with 3 members (or 60 s after SIGCONT).
     */
    private UnaffectedKeysLoad.Curve freezeAnotherMemberOf(List<Integer> candidates) throws Exception {
        cluster.awaitClusterSafe();
        int coordinator = cluster.coordinator(candidates.get(0));
        int victim = candidates.stream().filter(i -> i != coordinator).findFirst().orElseThrow();
        List<Integer> others = cluster.allBut(victim);
        unaffected.close();
        startUnaffectedLoad(victim);
        awaitUnaffectedBaseline();

        Map<Integer, Long> quorumLossesBefore = quorumLosses(others);
        long frozenAt = System.nanoTime();
        cluster.node(victim).freeze();
        await("the others answer while node " + victim + " is frozen for 20 s")
                .during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(40))
                .until(() -> others.stream().allMatch(i -> cluster.node(i).readiness() != null));
        assertTheSurvivorsHeldTogether(others, quorumLossesBefore);
        long thawedAt = System.nanoTime();
        cluster.node(victim).thaw();
        try {
            await("3 members again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.indexes().stream().allMatch(i -> cluster.node(i).isReadyWith(3)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("[availability member frozen] not 3 ready members 60 s after SIGCONT%n");
        }
        return reportAvailability("member frozen", victim, frozenAt, thawedAt);
    }

    /** A paced load on keys that {@code victim} neither owns nor backs up, through the other nodes only. */
    private void startUnaffectedLoad(int victim) {
        List<Integer> others = cluster.allBut(victim);
        unaffected = new UnaffectedKeysLoad(cluster.grpcPorts(others),
                cluster.keysAwayFrom(victim, UNAFFECTED_KEYS, others.get(0)), LOAD_BOUND);
    }

    private void awaitUnaffectedBaseline() {
        await("a baseline of the unaffected keys' rate").atMost(BASELINE.plusSeconds(30))
                .until(() -> unaffected.hasRunFor(BASELINE.plusSeconds(1)));
    }

    /** How many times each node's log says it lost quorum so far. */
    private Map<Integer, Long> quorumLosses(List<Integer> nodes) throws IOException {
        Map<Integer, Long> counts = new HashMap<>();
        for (int node : nodes) {
            try (var lines = Files.lines(cluster.node(node).log())) {
                counts.put(node, lines.filter(line -> line.contains("Quorum lost")).count());
            }
        }
        return counts;
    }

    /**
     * With one of three members frozen, a survivor loses quorum only if the two survivors stopped
     * hearing each other: they split. Hazelcast's output threads once spun on the connection to the
     * frozen member and starved the survivors' heartbeats (docs/reliability.md, "Availability",
     * fixed 2026-12-05); this check is what would show it again.
     */
    private void assertTheSurvivorsHeldTogether(List<Integer> survivors, Map<Integer, Long> quorumLossesBefore)
            throws IOException {
        assertThat(quorumLosses(survivors)).as("'Quorum lost' lines by survivor while one member was frozen "
                + "(the survivors split)").isEqualTo(quorumLossesBefore);
    }

    /** The check's failure, saying first whether the survivors had split, which would explain it. */
    private AssertionError failureNamingASplit(List<Integer> survivors, Map<Integer, Long> quorumLossesBefore,
                                               Throwable failure) throws IOException {
        Map<Integer, Long> now = quorumLosses(survivors);
        List<Integer> lost = survivors.stream().filter(node -> now.get(node) > quorumLossesBefore.get(node)).toList();
        String split = lost.isEmpty() ? "" : String.format("the survivors split: node(s) %s lost quorum while one "
                + "member was frozen; ", lost);
        return new AssertionError(split + "the check failed with: " + failure.getMessage(), failure);
    }

    /** Prints the unaffected keys' rate each second from the freeze on, against the baseline before it. */
    private UnaffectedKeysLoad.Curve reportAvailability(String scenario, int victim, long frozenAt, long thawedAt) {
        UnaffectedKeysLoad.Curve curve = unaffected.curve(frozenAt, (int) BASELINE.toSeconds(), thawedAt,
                System.nanoTime());
        System.out.printf("[availability %s] keys node %d neither owns nor backs up, paced at %d calls/s through "
                        + "the others, %d s baseline, | at SIGCONT: %s; failures %s%n", scenario, victim,
                UnaffectedKeysLoad.pacedRate(), BASELINE.toSeconds(), curve.summary(AVAILABILITY_TARGET),
                unaffected.failures());
        System.out.printf("[availability %s] calls over 200 ms, by the second sent from the freeze: %s%n", scenario,
                unaffected.slowCalls(frozenAt, -(int) BASELINE.toSeconds(),
                        (int) ((System.nanoTime() - frozenAt) / 1_000_000_000L) + (int) BASELINE.toSeconds()));
        return curve;
    }

    /** Where nothing was lost, no node may say otherwise (a false alarm would page an operator). */
    private void assertNoLossReported(List<Integer> nodes) {
        for (int node : nodes) {
            assertThat(cluster.node(node).metric("ringcache_partitions_lost_total"))
                    .as("ringcache_partitions_lost_total on node %d", node).isZero();
        }
    }

    /** Whether node {@code index} is ready with {@code members}; notes why not, for the failure message. */
    private boolean readyWith(int index, int members, long since, List<String> lapses) {
        io.vertx.core.json.JsonObject ready = cluster.node(index).readiness();
        boolean yes = ready != null && ready.getInteger("http") == 200 && ready.getInteger("members") == members;
        if (!yes) {
            // The first lapse of each survivor: its threads at that moment, for the cause
            // (docs/reliability.md, "Availability": the survivors stopped hearing each other).
            boolean first = lapses.stream().noneMatch(lapse -> lapse.startsWith("node " + index + " "));
            lapses.add(String.format("node %d at %d ms: %s%s", index, (System.nanoTime() - since) / 1_000_000,
                    ready == null ? "no answer within 2 s" : ready.encode(),
                    first ? "; threads in " + cluster.node(index).dumpThreads("lapse") : ""));
        }
        return yes;
    }

    private void startUnderLoad(int size, String... flags) throws Exception {
        startUnderLoad(HistoryLoad.Mix.ALL, size, flags);
    }

    /** A control's start: its history makes no deletes, which could explain the loss it must show. */
    private void startControlUnderLoad(int size, String... flags) throws Exception {
        startUnderLoad(HistoryLoad.Mix.NO_DELETES, size, flags);
    }

    private void startUnderLoad(HistoryLoad.Mix mix, int size, String... flags) throws Exception {
        cluster = ForkedCluster.start(size, flags);
        // Every partition placed and backed up first, so a scenario starts from a whole cluster.
        cluster.awaitClusterSafe();
        load = new SteadyLoad(cluster.grpcPorts(cluster.indexes()), LOAD_BOUND);
        history = new HistoryLoad(cluster.grpcPorts(cluster.indexes()), "", HISTORY_PROCESSES, keysOwnedByEveryNode(),
                LOAD_BOUND, mix);
        await("load under way").atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() > 300);
    }

    /**
     * Fresh keys, {@link #HISTORY_KEYS_PER_NODE} owned by each node, so whichever node a scenario
     * hits holds some. More than one, so that a control's loss shows even where a key's last
     * writes before the fault were unknown outcomes.
     */
    private List<String> keysOwnedByEveryNode() {
        Map<Integer, Integer> owned = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (String key : HistoryLoad.freshKeys(500)) {
            int owner = cluster.ownerOf(key, 0);
            if (owned.merge(owner, 1, Integer::sum) <= HISTORY_KEYS_PER_NODE) {
                keys.add(key);
            }
            if (keys.size() == HISTORY_KEYS_PER_NODE * cluster.indexes().size()) {
                return keys;
            }
        }
        throw new IllegalStateException("500 keys, yet some node owns fewer than " + HISTORY_KEYS_PER_NODE + ": " + owned);
    }

    /** Stops the history load and checks it: every key linearizable, figures printed for the scenario. */
    private void assertHistoryLinearizable(String scenario) throws InterruptedException {
        HistoryReport report = history.finishAndCheck();
        System.out.printf("[history %s] %s%n", scenario, HistoryLoad.summary(report));
        assertThat(report.linearizable()).as("history of %s, per key:%n%s", scenario, report).isTrue();
    }

    /** The control's side: the same checker must find the loss the control causes. */
    private void assertHistoryViolated(String scenario) throws InterruptedException {
        HistoryReport report = history.finishAndCheck();
        System.out.printf("[history %s] %s%n%s%n", scenario, HistoryLoad.summary(report), report);
        assertThat(report.anyViolation()).as("the checker sees the control's loss in the history of %s", scenario)
                .isTrue();
    }

    /** Deletes every key through {@code client}, each retried while its owner fails over. */
    private static void deleteAll(CacheTestClient client, String cache, List<String> keys) {
        for (String key : keys) {
            await("delete " + key).atMost(WRITE_FAILOVER_BOUND).ignoreException(GrpcCallException.class)
                    .until(() -> client.delete(DeleteRequest.newBuilder().setCache(cache)
                            .setKey(CacheTestClient.bytes(key)).build()) != null);
        }
    }

    /** The keys a read through {@code client} finds in {@code cache}. */
    private static List<String> found(CacheTestClient client, String cache, List<String> keys) {
        return keys.stream().filter(key -> client.get(GetRequest.newBuilder().setCache(cache)
                .setKey(CacheTestClient.bytes(key)).build()).getFound()).toList();
    }

    /** A node configuration file declaring caches (YAML under {@code caches:}), in target/. */
    private static String cachesFile(String caches) throws IOException {
        java.nio.file.Path file = Files.createTempFile(java.nio.file.Path.of("target"), "caches", ".yaml");
        Files.writeString(file, "caches:\n  " + caches + "\n");
        return file.toAbsolutePath().toString();
    }

    /** Lets the load acknowledge {@code more} writes, then returns everything acknowledged so far. */
    private Map<String, String> keepLoading(int more) {
        int before = load.acknowledgedCount();
        await("load continues").atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= before + more);
        return load.acknowledged();
    }

    /** {@code scenario} names the history to check linearizable, or is null to leave the history alone. */
    private void assertNothingLost(String scenario, List<Integer> readers, Map<String, String> acknowledged)
            throws Exception {
        load.finish();
        if (scenario != null) {
            assertHistoryLinearizable(scenario);
        }
        for (int node : readers) {
            CacheTestClient reader = cluster.client(node);
            assertThat(unreadable(reader, acknowledged)).as("acknowledged writes unreadable via node %d", node)
                    .isEmpty();
            assertThat(Long.parseLong(reader.get(SteadyLoad.HOT_KEY).getValue().toStringUtf8()))
                    .as("hot key via node %d", node).isGreaterThanOrEqualTo(load.hotKeyAcknowledged());
        }
        assertThat(load.missedReads()).as("reads of acknowledged keys that came back without the value").isEmpty();
        assertThat(load.failedStatuses()).isSubsetOf(RETRYABLE);
    }
}
