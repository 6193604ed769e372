package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced put+get load on keys a fault should not touch (owned and backed up by the members
 * that stay up), counting answered calls per second, so a scenario can tell how much of their
 * rate those keys keep while another member is frozen (issue #16 item 4).
 *
 * <p>Paced, not flat out: on a shared 2-core machine a flat-out load measures CPU, and freezing
 * one of three JVMs frees CPU. Each worker aims at a fixed rate and skips the slots it missed
 * (never catches up), so a stall shows as a dip. Workers call only the nodes given (the live
 * ones) with a short deadline, and move on to the next one when a call fails, as clients fail over.
 */
final class UnaffectedKeysLoad implements AutoCloseable {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(1);
    /** The rate asked of the keys, calls per second in all. */
    private static final int PACED_RATE = 200;
    /**
     * Enough workers that one slow call costs the rate little: a worker waits for its call, so
     * with 4 workers a single 500 ms call took an eighth of a second's calls, and a handful of
     * them (seen at every partition-table change) read as a collapse of the rate.
     */
    static final int WORKERS = 20;
    private static final long BACKOFF_NANOS = Duration.ofMillis(20).toNanos();
    /** A call this slow costs its worker 10 of its slots: what a dip is made of. */
    private static final long SLOW_NANOS = Duration.ofMillis(200).toNanos();
    private static final int SLOW_CALLS_KEPT = 500;

    private final List<String> keys;
    private final LoadWorkers workers;
    private final int workerCount;
    private final long startedAt = System.nanoTime();
    private final AtomicLongArray answeredPerSecond;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Queue<SlowCall> slowCalls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowCallsSeen = new AtomicInteger();

    /** Starts the workers on {@code keys}, calling the nodes on {@code grpcPorts}; stops by itself after {@code maxTime}. */
    UnaffectedKeysLoad(List<Integer> grpcPorts, List<String> keys, Duration maxTime) {
        this(grpcPorts, keys, maxTime, WORKERS);
    }

    /** The same load over {@code workerCount} workers, {@link #pacedRate()} calls per second in all. */
    UnaffectedKeysLoad(List<Integer> grpcPorts, List<String> keys, Duration maxTime, int workerCount) {
        this.workerCount = workerCount;
        this.workers = new LoadWorkers(grpcPorts, CALL_DEADLINE);
        this.keys = List.copyOf(keys);
        this.answeredPerSecond = new AtomicLongArray((int) maxTime.toSeconds() + 1);
        long deadline = startedAt + maxTime.toNanos();
        workers.start(workerCount, "unaffected-keys", worker -> run(worker, deadline));
    }

    /** The expected rate with no fault: every worker on time. */
    static int pacedRate() {
        return PACED_RATE;
    }

    private void run(int worker, long deadlineNanos) {
        Random random = new Random(worker);
        long interval = 1_000_000_000L * workerCount / PACED_RATE;
        long nextSlot = System.nanoTime() + interval * worker / workerCount;
        int target = worker % workers.nodes();
        for (long i = 0; !workers.stopping(); i++) {
            long now = System.nanoTime();
            if (now - deadlineNanos > 0) {
                return;
            }
            if (nextSlot - now > 0) {
                LockSupport.parkNanos(nextSlot - now);
            }
            nextSlot = Math.max(nextSlot + interval, System.nanoTime()); // a missed slot is skipped
            CacheTestClient client = workers.client(target);
            String key = keys.get(random.nextInt(keys.size()));
            String operation = i % 2 == 0 ? "put" : "get";
            long calledAt = System.nanoTime();
            try {
                if (operation.equals("put")) {
                    client.put(key, "w" + worker + "-" + i);
                } else {
                    client.get(key);
                }
                long answeredAt = System.nanoTime();
                int second = (int) ((answeredAt - startedAt) / 1_000_000_000L);
                if (second < answeredPerSecond.length()) {
                    answeredPerSecond.incrementAndGet(second);
                }
                if (answeredAt - calledAt > SLOW_NANOS && slowCallsSeen.incrementAndGet() <= SLOW_CALLS_KEPT) {
                    slowCalls.add(new SlowCall(calledAt, answeredAt, target, operation));
                }
            } catch (RuntimeException e) {
                String status = e instanceof io.ringcache.node.testing.GrpcCallException call ? call.status().name()
                        : e.getClass().getSimpleName();
                failures.computeIfAbsent(operation + " " + status, k -> new AtomicInteger()).incrementAndGet();
                target = (target + 1) % workers.nodes();
                LockSupport.parkNanos(BACKOFF_NANOS);
            }
        }
    }

    /** An answered call slower than {@link #SLOW_NANOS}: when, through which of the nodes given, which operation. */
    private record SlowCall(long calledAt, long answeredAt, int node, String operation) {
    }

    /**
     * The answered calls slower than 200 ms, by the second they were sent in, counted from
     * {@code faultAt}: "+9 s: 14 (put 8, get 6), 210-980 ms, through nodes {0=3, 2=11}". Where a
     * dip comes from: every call a little slower, or a few calls held long, and through which node.
     */
    String slowCalls(long faultAt) {
        Map<Long, List<SlowCall>> bySecond = new TreeMap<>();
        for (SlowCall call : slowCalls) {
            bySecond.computeIfAbsent(Math.floorDiv(call.calledAt() - faultAt, 1_000_000_000L), k -> new ArrayList<>())
                    .add(call);
        }
        StringBuilder text = new StringBuilder();
        bySecond.forEach((second, calls) -> {
            Map<Integer, Integer> nodes = new TreeMap<>();
            Map<String, Integer> operations = new TreeMap<>();
            long fastest = Long.MAX_VALUE;
            long slowest = 0;
            for (SlowCall call : calls) {
                nodes.merge(call.node(), 1, Integer::sum);
                operations.merge(call.operation(), 1, Integer::sum);
                long millis = (call.answeredAt() - call.calledAt()) / 1_000_000L;
                fastest = Math.min(fastest, millis);
                slowest = Math.max(slowest, millis);
            }
            text.append(text.isEmpty() ? "" : "; ").append(String.format("%+d s: %d %s, %d-%d ms, through nodes %s",
                    second, calls.size(), operations, fastest, slowest, nodes));
        });
        int dropped = slowCallsSeen.get() - SLOW_CALLS_KEPT;
        return (text.isEmpty() ? "none" : text) + (dropped > 0 ? " (" + dropped + " more not kept)" : "");
    }

    /** Whether the load has run for {@code time}: a scenario waits on it for its baseline. */
    boolean hasRunFor(Duration time) {
        return System.nanoTime() - startedAt > time.toNanos();
    }

    /** Failed calls by "operation STATUS". */
    Map<String, Integer> failures() {
        Map<String, Integer> counts = new TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /**
     * The rate around a fault at {@code faultAt} ({@link System#nanoTime()}): the baseline is the
     * mean of the {@code baselineSeconds} whole seconds before it, the curve every whole second
     * from it until {@code until}, with the second of the thaw at {@code thawAt} marked.
     */
    Curve curve(long faultAt, int baselineSeconds, long thawAt, long until) {
        int faultSecond = (int) ((faultAt - startedAt) / 1_000_000_000L);
        int firstBaseline = Math.max(0, faultSecond - baselineSeconds);
        long sum = 0;
        for (int s = firstBaseline; s < faultSecond; s++) {
            sum += answeredPerSecond.get(s);
        }
        double baseline = (double) sum / Math.max(1, faultSecond - firstBaseline);
        int lastWhole = Math.min(answeredPerSecond.length(), (int) ((until - startedAt) / 1_000_000_000L));
        List<Long> rates = new ArrayList<>();
        for (int s = faultSecond; s < lastWhole; s++) {
            rates.add(answeredPerSecond.get(s));
        }
        int thawSecond = (int) ((thawAt - startedAt) / 1_000_000_000L) - faultSecond;
        return new Curve(baseline, rates, thawSecond);
    }

    /**
     * Answered calls per second from the second the fault began, against the baseline before it.
     * The first entry is the second that holds the fault's start.
     */
    record Curve(double baseline, List<Long> perSecond, int thawSecond) {

        /** The rates on one line, "|" before the second of the thaw. */
        String line() {
            StringBuilder line = new StringBuilder();
            for (int s = 0; s < perSecond.size(); s++) {
                line.append(s == 0 ? "" : " ").append(s == thawSecond ? "| " : "").append(perSecond.get(s));
            }
            return line.toString();
        }

        double minimumRatio() {
            return perSecond.stream().mapToDouble(rate -> rate / baseline).min().orElse(Double.NaN);
        }

        int secondOfMinimum() {
            double minimum = minimumRatio();
            for (int s = 0; s < perSecond.size(); s++) {
                if (perSecond.get(s) / baseline == minimum) {
                    return s;
                }
            }
            return -1;
        }

        /** The figures a scenario prints: the curve, its lowest point and the seconds under {@code target}. */
        String summary(double target) {
            return String.format("baseline %.0f/s; answered each second from the fault: %s; minimum %.0f%% of the "
                            + "baseline at +%d s, %d s below %.0f%%", baseline, line(), 100 * minimumRatio(),
                    secondOfMinimum(), secondsBelow(target), 100 * target);
        }

        /** Seconds below {@code ratio} of the baseline. */
        long secondsBelow(double ratio) {
            return perSecond.stream().filter(rate -> rate < ratio * baseline).count();
        }
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
