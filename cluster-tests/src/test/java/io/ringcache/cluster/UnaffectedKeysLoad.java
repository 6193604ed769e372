package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final int WORKERS = 20;
    private static final long BACKOFF_NANOS = Duration.ofMillis(20).toNanos();
    /** A call this slow costs its worker 10 of its slots: what a dip is made of. */
    private static final long SLOW_NANOS = Duration.ofMillis(200).toNanos();

    private final List<String> keys;
    private final LoadWorkers workers;
    private final long startedAt = System.nanoTime();
    private final AtomicLongArray answeredPerSecond;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    /** Per second sent: the calls over {@link #SLOW_NANOS}, the slowest of them (ms), and how many went through each node. */
    private final AtomicLongArray slowPerSecond;
    private final AtomicLongArray slowestPerSecond;
    private final AtomicLongArray slowPerSecondAndNode;
    /** Per second sent, which keys had a slow call, as bits (the first 64 keys): a few keys, or all of them. */
    private final AtomicLongArray slowKeysPerSecond;

    /** Starts the workers on {@code keys}, calling the nodes on {@code grpcPorts}; stops by itself after {@code maxTime}. */
    UnaffectedKeysLoad(List<Integer> grpcPorts, List<String> keys, Duration maxTime) {
        this.workers = new LoadWorkers(grpcPorts, CALL_DEADLINE);
        this.keys = List.copyOf(keys);
        this.answeredPerSecond = new AtomicLongArray((int) maxTime.toSeconds() + 1);
        this.slowPerSecond = new AtomicLongArray(answeredPerSecond.length());
        this.slowestPerSecond = new AtomicLongArray(answeredPerSecond.length());
        this.slowPerSecondAndNode = new AtomicLongArray(answeredPerSecond.length() * grpcPorts.size());
        this.slowKeysPerSecond = new AtomicLongArray(answeredPerSecond.length());
        long deadline = startedAt + maxTime.toNanos();
        workers.start(WORKERS, "unaffected-keys", worker -> run(worker, deadline));
    }

    /** The expected rate with no fault: every worker on time. */
    static int pacedRate() {
        return PACED_RATE;
    }

    private void run(int worker, long deadlineNanos) {
        Random random = new Random(worker);
        long interval = 1_000_000_000L * WORKERS / PACED_RATE;
        long nextSlot = System.nanoTime() + interval * worker / WORKERS;
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
            int keyIndex = random.nextInt(keys.size());
            String key = keys.get(keyIndex);
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
                if (answeredAt - calledAt > SLOW_NANOS) {
                    recordSlow(calledAt, answeredAt, target, keyIndex);
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

    private void recordSlow(long calledAt, long answeredAt, int node, int keyIndex) {
        int second = (int) ((calledAt - startedAt) / 1_000_000_000L);
        if (second < slowPerSecond.length()) {
            slowPerSecond.incrementAndGet(second);
            slowestPerSecond.accumulateAndGet(second, (answeredAt - calledAt) / 1_000_000L, Math::max);
            slowPerSecondAndNode.incrementAndGet(second * workers.nodes() + node);
            if (keyIndex < Long.SIZE) {
                slowKeysPerSecond.accumulateAndGet(second, 1L << keyIndex, (a, b) -> a | b);
            }
        }
    }

    /**
     * The answered calls slower than 200 ms, by the second they were sent in, counted from
     * {@code faultAt}, for {@code seconds} seconds from {@code fromSecond}: "+9 s: 14 up to 980
     * ms [3, 0, 11, 0] on 6 keys" (how many through each node given; keys counted among the
     * first 64). Where a dip comes from: many calls a little slower or a few held long, through
     * one node or all, on a few keys (their partitions moving) or all of them.
     */
    String slowCalls(long faultAt, int fromSecond, int seconds) {
        int faultSecond = (int) ((faultAt - startedAt) / 1_000_000_000L);
        StringBuilder text = new StringBuilder();
        for (int s = Math.max(0, faultSecond + fromSecond); s < Math.min(slowPerSecond.length(),
                faultSecond + fromSecond + seconds); s++) {
            long[] byNode = new long[workers.nodes()];
            for (int node = 0; node < byNode.length; node++) {
                byNode[node] = slowPerSecondAndNode.get(s * workers.nodes() + node);
            }
            text.append(text.isEmpty() ? "" : "; ").append(String.format("%+d s: %d up to %d ms %s on %d keys",
                    s - faultSecond, slowPerSecond.get(s), slowestPerSecond.get(s), Arrays.toString(byNode),
                    Long.bitCount(slowKeysPerSecond.get(s))));
        }
        return text.toString();
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
