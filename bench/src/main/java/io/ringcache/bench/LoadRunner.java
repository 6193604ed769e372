package io.ringcache.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link Workload} through a {@link Driver} and records every operation's latency.
 *
 * <p>Closed loop ({@code rate} 0): {@code inFlight} lanes each start the next operation when
 * the previous one answers. Open loop: one thread starts operations on a fixed schedule,
 * whatever the answers do, up to {@code inFlight} outstanding (beyond that the schedule is
 * kept and the wait counts in latency); each latency runs from when the operation was due,
 * not when it was sent, so a stall shows up in the percentiles instead of slowing the
 * measurement down (coordinated omission). An open-loop run counts the operations that were due
 * inside the measured window, whenever they answer, so a backlog left by the warm-up cannot
 * inflate the rate and a stall at the window's end cannot deflate it.
 */
final class LoadRunner {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Workload workload;
    private final Driver driver;
    private final Keys keys;
    private final KeyChooser chooser;
    private final byte[] value;
    private final Recorder reads = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final Recorder writes = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final LongAdder readOps = new LongAdder();
    private final LongAdder writeOps = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Where failed lanes wait before their next call (the JDK's delayed executor starts a thread per task on 2 cores). */
    private final ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-pauses");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean measuring;
    private volatile boolean stopping;
    /** The measured window, by due time, for open-loop runs. */
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    LoadRunner(Workload workload, Driver driver) {
        this.workload = workload;
        this.driver = driver;
        this.keys = new Keys(workload.keys());
        this.chooser = KeyChooser.of(workload.distribution(), workload.keys());
        this.value = Keys.value(workload.valueBytes());
    }

    /** Warms up, measures, and reports; the driver stays open. */
    Report run(String label) throws InterruptedException {
        AtomicLong outstanding = new AtomicLong();
        Thread starter = workload.rate() > 0
                ? new Thread(() -> openLoop(outstanding), "bench-open-loop")
                : null;
        if (starter != null) {
            starter.start();
        } else {
            for (int lane = 0; lane < workload.inFlight(); lane++) {
                next(new SplittableRandom(lane * 7919L + 17), outstanding);
            }
        }
        Thread.sleep(workload.warmup().toMillis());
        reads.reset();
        writes.reset();
        readOps.reset();
        writeOps.reset();
        errors.clear();
        long started = System.nanoTime();
        windowStart = started;
        measuring = true;
        Thread.sleep(workload.duration().toMillis());
        long ended = System.nanoTime();
        windowEnd = ended;
        measuring = false;
        long elapsed = ended - started;
        Histogram readLatency;
        Histogram writeLatency;
        if (starter == null) {
            readLatency = reads.getIntervalHistogram();
            writeLatency = writes.getIntervalHistogram();
            stopping = true;
            drain(outstanding);
        } else {
            // Operations due inside the window may still be out: they count once they answer.
            stopping = true;
            starter.join();
            drain(outstanding);
            readLatency = reads.getIntervalHistogram();
            writeLatency = writes.getIntervalHistogram();
        }
        pauses.shutdownNow();
        Map<String, Long> errorCounts = new ConcurrentHashMap<>();
        errors.forEach((status, count) -> errorCounts.put(status, count.sum()));
        return new Report(label, workload, elapsed, readOps.sum(), writeOps.sum(), readLatency, writeLatency,
                errorCounts);
    }

    /** A closed-loop lane: start one operation; its answer starts the next. */
    private void next(SplittableRandom random, AtomicLong outstanding) {
        if (stopping) {
            return;
        }
        outstanding.incrementAndGet();
        long due = System.nanoTime();
        boolean read = random.nextDouble() < workload.readRatio();
        int[] sent = new int[1];
        start(read, random, sent).whenComplete((ignored, failure) -> {
            if (measuring) {
                record(read, due, failure, sent[0]);
            }
            outstanding.decrementAndGet();
            if (failure == null) {
                next(random, outstanding);
            } else {
                // A failing target answers at once: pause the lane briefly instead of spinning
                // (and instead of recursing on a stage that is already complete).
                pauses.schedule(() -> next(random, outstanding), 1, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void openLoop(AtomicLong outstanding) {
        SplittableRandom random = new SplittableRandom(42);
        long interval = TimeUnit.SECONDS.toNanos(1) / workload.rate();
        long due = System.nanoTime();
        long giveUpAt = Long.MAX_VALUE;
        // A starter that fell behind still starts what was due inside the window (bounded).
        while (!stopping || due < windowEnd) {
            long now = System.nanoTime();
            if (stopping && giveUpAt == Long.MAX_VALUE) {
                giveUpAt = now + TimeUnit.SECONDS.toNanos(30);
            } else if (now > giveUpAt) {
                return;
            }
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            if (outstanding.get() >= workload.inFlight()) {
                // The cap on outstanding calls: wait, and let the wait show in latency.
                LockSupport.parkNanos(20_000);
                continue;
            }
            long scheduled = due;
            due += interval;
            boolean read = random.nextDouble() < workload.readRatio();
            outstanding.incrementAndGet();
            int[] sent = new int[1];
            start(read, random, sent).whenComplete((ignored, failure) -> {
                if (scheduled >= windowStart && scheduled < windowEnd) {
                    record(read, scheduled, failure, sent[0]);
                }
                outstanding.decrementAndGet();
            });
        }
    }

    /** Starts one operation; {@code sent[0]} is set to the keys it carries. */
    private CompletionStage<?> start(boolean read, SplittableRandom random, int[] sent) {
        try {
            if (workload.batch() == 1) {
                sent[0] = 1;
                byte[] key = keys.get(chooser.next(random));
                return read ? driver.get(key) : driver.put(key, value);
            }
            byte[][] batch = new byte[workload.batch()][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = keys.get(chooser.next(random));
            }
            byte[][] carried = read ? batch : distinct(batch);
            sent[0] = carried.length;
            return read ? driver.getMany(carried) : driver.putMany(carried, value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** PutMany takes each key at most once. */
    private static byte[][] distinct(byte[][] batch) {
        Map<ByteBuffer, byte[]> unique = new LinkedHashMap<>();
        for (byte[] key : batch) {
            unique.putIfAbsent(ByteBuffer.wrap(key), key);
        }
        return unique.values().toArray(new byte[0][]);
    }

    private void record(boolean read, long due, Throwable failure, int keysSent) {
        if (failure != null) {
            errors.computeIfAbsent(driver.statusOf(failure), status -> new LongAdder()).increment();
            return;
        }
        long latency = Math.min(System.nanoTime() - due, HIGHEST_TRACKABLE_NANOS);
        if (read) {
            reads.recordValue(latency);
            readOps.add(keysSent);
        } else {
            writes.recordValue(latency);
            writeOps.add(keysSent);
        }
    }

    /** Waits (bounded) for the calls still out, so the next run starts from quiet. */
    private static void drain(AtomicLong outstanding) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < giveUpAt) {
            Thread.sleep(10);
        }
    }
}
