package io.ringcache.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * How far behind a near cache's reads can be: a writer counts up one key through a client
 * without a near cache, about once a millisecond, noting when each write was acknowledged; a
 * reader reads the key through the near-cached client every 200 µs. A read that began after
 * write n+1 was acknowledged, yet returned n, was stale by at least the time in between.
 */
final class StalenessProbe {

    /** The two clients of one side. */
    interface Side {
        /** Writes {@code value} to {@code key} through the client without a near cache; blocks. */
        void write(byte[] key, byte[] value) throws Exception;

        /** Reads {@code key} through the near-cached client; null when missing; blocks. */
        byte[] read(byte[] key) throws Exception;
    }

    /** What one run saw. */
    record Result(long writes, long reads, long staleReads, double maxStaleMs) {
        String describe() {
            return String.format(Locale.ROOT, "%,d probe writes, %,d probe reads, %,d stale, worst %.1f ms behind",
                    writes, reads, staleReads, maxStaleMs);
        }
    }

    static final byte[] KEY = "staleness-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int CAPACITY = 1 << 20;
    private static final long READ_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private StalenessProbe() {
    }

    /** Runs writer and reader for {@code duration}, besides whatever else loads the side. */
    static Result run(Side side, Duration duration, Keys hotKeys) throws InterruptedException {
        AtomicLongArray ackedAt = new AtomicLongArray(CAPACITY);
        long endAt = System.nanoTime() + duration.toNanos();
        long[] writes = new long[1];
        long[] reads = new long[3]; // reads, stale reads, worst staleness in ns
        Thread writer = new Thread(() -> {
            try {
                for (int n = 1; n < CAPACITY && System.nanoTime() < endAt; n++) {
                    side.write(KEY, encode(n));
                    ackedAt.set(n, System.nanoTime());
                    writes[0] = n;
                    // The writer also changes hot keys, so the near cache sees others' invalidations.
                    side.write(hotKeys.get(n % Math.min(100, hotKeys.size())), encode(n));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException("staleness probe writer failed", e);
            }
        }, "staleness-writer");
        Thread reader = new Thread(() -> {
            try {
                while (System.nanoTime() < endAt) {
                    long began = System.nanoTime();
                    byte[] value = side.read(KEY);
                    reads[0]++;
                    long seen = value == null ? 0 : decode(value);
                    long newer = seen + 1 < CAPACITY ? ackedAt.get((int) (seen + 1)) : 0;
                    if (newer != 0 && newer < began) {
                        reads[1]++;
                        reads[2] = Math.max(reads[2], began - newer);
                    }
                    // A few thousand reads a second resolve staleness to well under a millisecond
                    // without taking a core from the load being measured.
                    LockSupport.parkNanos(READ_PAUSE_NANOS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("staleness probe reader failed", e);
            }
        }, "staleness-reader");
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        return new Result(writes[0], reads[0], reads[1], reads[2] / 1e6);
    }

    static byte[] encode(long n) {
        return ByteBuffer.allocate(Long.BYTES).putLong(n).array();
    }

    static long decode(byte[] value) {
        return value.length == Long.BYTES ? ByteBuffer.wrap(value).getLong() : 0;
    }
}
