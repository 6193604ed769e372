package io.ringcache.bench;

import io.ringcache.client.GetResult;
import io.ringcache.client.NearCacheSettings;
import io.ringcache.client.NearCacheStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The pinned near-cache comparison: a ringcache node and a plain Hazelcast member, each in its
 * own JVM; on each, a client with a near cache runs a zipfian, 95%-read workload while a second
 * client without one keeps writing (a counter key and hot keys), in turns. Prints throughput,
 * near-cache hit ratios, the staleness each side's reads showed, and the ratio.
 */
final class CompareNear implements Callable<Integer> {

    private static final int ROUNDS = 2;

    private final Workload workload;

    CompareNear(Map<String, String> flags) {
        Map<String, String> withDefaults = new LinkedHashMap<>(flags);
        withDefaults.putIfAbsent("target", "127.0.0.1:0");
        withDefaults.putIfAbsent("distribution", "zipfian");
        withDefaults.putIfAbsent("read-ratio", "0.95");
        withDefaults.putIfAbsent("mode", "client");
        this.workload = Workload.parse(withDefaults);
    }

    @Override
    public Integer call() throws Exception {
        try (ComparedServers servers = ComparedServers.start("ringcache-compare-near")) {
            System.out.printf("compare-near: ringcache node on %s and a Hazelcast member on %s; near caches of at "
                    + "most %,d entries on both; logs in %s%n", servers.ringcacheTarget(), servers.hazelcastTarget(),
                    HazelcastDriver.NEAR_CACHE_ENTRIES, servers.logs());
            return measure(workload.withTargets(List.of(servers.ringcacheTarget())),
                    workload.withTargets(List.of(servers.hazelcastTarget())));
        }
    }

    private int measure(Workload ringcache, Workload hazelcast) throws Exception {
        Duration phase = workload.duration().dividedBy(ROUNDS);
        Keys keys = new Keys(workload.keys());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<StalenessProbe.Result>> staleness = new LinkedHashMap<>();
        NearCacheSettings near = NearCacheSettings.maxEntries(HazelcastDriver.NEAR_CACHE_ENTRIES);
        try (ClientDriver ringNear = new ClientDriver(ringcache, true, near);
             ClientDriver ringPlain = new ClientDriver(ringcache, true);
             HazelcastDriver hzNear = new HazelcastDriver(hazelcast, ComparedServers.HAZELCAST_CLUSTER, true);
             HazelcastDriver hzPlain = new HazelcastDriver(hazelcast, ComparedServers.HAZELCAST_CLUSTER, false)) {
            byte[] value = Keys.value(workload.valueBytes());
            ringPlain.preload(workload.keys(), value);
            hzPlain.preload(workload.keys(), value);
            StalenessProbe.Side ringSide = new StalenessProbe.Side() {
                @Override
                public void write(byte[] key, byte[] written) throws Exception {
                    ringPlain.cache().put(key, written).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }

                @Override
                public byte[] read(byte[] key) throws Exception {
                    GetResult result = ringNear.cache().get(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    return result.found() ? result.value() : null;
                }
            };
            StalenessProbe.Side hzSide = new StalenessProbe.Side() {
                @Override
                public void write(byte[] key, byte[] written) {
                    hzPlain.map().set(key, written);
                }

                @Override
                public byte[] read(byte[] key) {
                    return hzNear.map().get(key);
                }
            };
            System.out.println("warm-up round (not counted):");
            warmUp("hazelcast-direct-near", hazelcast, hzNear);
            warmUp("ringcache-client-near", ringcache, ringNear);
            for (int round = 1; round <= ROUNDS; round++) {
                Duration warmup = workload.warmup().dividedBy(2);
                phase("hazelcast-direct-near", hazelcast.withDuration(phase, warmup), hzNear, hzSide, keys, rates,
                        staleness);
                phase("ringcache-client-near", ringcache.withDuration(phase, warmup), ringNear, ringSide, keys, rates,
                        staleness);
            }
            double direct = mean(rates.get("hazelcast-direct-near"));
            double client = mean(rates.get("ringcache-client-near"));
            NearCacheStats stats = ringNear.cache().nearCacheStats().orElseThrow();
            var hzStats = hzNear.map().getLocalMapStats().getNearCacheStats();
            System.out.printf(Locale.ROOT, "%nsummary (mean of %d rounds of %d s each, %s keys, read ratio %.2f):%n",
                    ROUNDS, phase.toSeconds(), workload.distribution().name().toLowerCase(Locale.ROOT),
                    workload.readRatio());
            System.out.printf(Locale.ROOT, "  hazelcast-direct-near  %,10.0f ops/s  near-cache hit ratio %.3f  "
                    + "worst staleness %.1f ms%n", direct, (double) hzStats.getHits() / Math.max(1, hzStats.getHits() + hzStats.getMisses()),
                    worst(staleness.get("hazelcast-direct-near")));
            System.out.printf(Locale.ROOT, "  ringcache-client-near  %,10.0f ops/s  near-cache hit ratio %.3f  "
                    + "worst staleness %.1f ms%n", client, stats.hitRatio(), worst(staleness.get("ringcache-client-near")));
            System.out.println("  ringcache near cache: " + stats);
            System.out.printf(Locale.ROOT, "ratio ringcache-client-near/hazelcast-direct-near: %.2f%n", client / direct);
        }
        return 0;
    }

    private static void phase(String label, Workload phaseWorkload, Driver driver, StalenessProbe.Side side, Keys keys,
                              Map<String, List<Double>> rates, Map<String, List<StalenessProbe.Result>> staleness)
            throws InterruptedException {
        StalenessProbe.Result[] probe = new StalenessProbe.Result[1];
        Thread prober = new Thread(() -> {
            try {
                probe[0] = StalenessProbe.run(side, phaseWorkload.warmup().plus(phaseWorkload.duration()), keys);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "staleness-probe");
        prober.start();
        Report report = new LoadRunner(phaseWorkload, driver).run(label);
        prober.join();
        System.out.print(report.table());
        System.out.println("  staleness: " + (probe[0] == null ? "probe failed" : probe[0].describe()));
        rates.computeIfAbsent(label, ignored -> new ArrayList<>()).add(report.opsPerSecond());
        if (probe[0] != null) {
            staleness.computeIfAbsent(label, ignored -> new ArrayList<>()).add(probe[0]);
        }
    }

    private void warmUp(String label, Workload sideWorkload, Driver driver) throws InterruptedException {
        Report report = new LoadRunner(sideWorkload.withDuration(workload.warmup(), Duration.ZERO), driver).run(label);
        System.out.printf(Locale.ROOT, "  %-22s %,10.0f ops/s%n", label, report.opsPerSecond());
    }

    private static double worst(List<StalenessProbe.Result> results) {
        return results == null ? Double.NaN
                : results.stream().mapToDouble(StalenessProbe.Result::maxStaleMs).max().orElse(Double.NaN);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
