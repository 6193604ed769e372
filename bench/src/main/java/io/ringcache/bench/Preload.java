package io.ringcache.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** Writes the whole key space before a run, in batches, a few batches at a time. */
final class Preload {

    private static final int BATCHES_IN_FLIGHT = 8;

    private Preload() {
    }

    static void inBatches(int keyCount, int batchSize, BiFunction<byte[][], byte[], CompletionStage<?>> putMany,
                          byte[] value) throws Exception {
        Keys keys = new Keys(keyCount);
        inBatches(keyCount, batchSize, putMany, value, keys::get);
    }

    /** As above, with keys made by {@code keyOf} (not kept, so the caller's heap holds no copy). */
    static void inBatches(int keyCount, int batchSize, BiFunction<byte[][], byte[], CompletionStage<?>> putMany,
                          byte[] value, IntFunction<byte[]> keyOf) throws Exception {
        List<CompletableFuture<?>> window = new ArrayList<>();
        for (int start = 0; start < keyCount; start += batchSize) {
            byte[][] batch = new byte[Math.min(batchSize, keyCount - start)][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = keyOf.apply(start + i);
            }
            window.add(putMany.apply(batch, value).toCompletableFuture());
            if (window.size() == BATCHES_IN_FLIGHT) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
}
