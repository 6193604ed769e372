package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how long after a failure every key is readable again through every surviving node.
 * Every (node, key) pair is read at once and, until it first reads back right, read again
 * 200 ms after each failed answer; the time is that of the last pair to read back. Reads stuck
 * on a dead owner are answered by the node once it has failed over, so nothing waits for a
 * whole new pass. A final full pass proves that no key went missing again.
 */
final class Recovery {

    // Not faster: a thousand reads retried every few ms would load the survivors on a small machine.
    private static final long RETRY_MS = 200;
    /** Short, as a client polling for a failover would use: a read stuck on a dead owner is re-sent soon. */
    private static final Duration READ_DEADLINE = Duration.ofSeconds(1);

    private Recovery() {
    }

    /**
     * Milliseconds from {@code failedAtNanos} until every key read back through every node
     * whose gRPC port on 127.0.0.1 is listed.
     */
    static long millisUntilEveryKeyReadable(long failedAtNanos, List<Integer> grpcPorts,
                                            Map<String, String> written, Duration bound) {
        List<CacheTestClient> readers = grpcPorts.stream()
                .map(port -> new CacheTestClient("127.0.0.1", port, READ_DEADLINE)).toList();
        try {
            return measure(failedAtNanos, readers, written, bound);
        } finally {
            readers.forEach(CacheTestClient::close);
        }
    }

    private static long measure(long failedAtNanos, List<CacheTestClient> readers, Map<String, String> written,
                                Duration bound) {
        long giveUpAt = System.nanoTime() + bound.toNanos();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<Long>> readBack = new ArrayList<>();
        try {
            for (CacheTestClient reader : readers) {
                written.forEach((key, value) -> {
                    CompletableFuture<Long> readAt = new CompletableFuture<>();
                    readUntilRight(reader, key, value, giveUpAt, retries, readAt);
                    readBack.add(readAt);
                });
            }
            long lastNanos = failedAtNanos;
            for (CompletableFuture<Long> readAt : readBack) {
                lastNanos = Math.max(lastNanos, readAt.get(bound.toSeconds() + 10, TimeUnit.SECONDS));
            }
            for (CacheTestClient reader : readers) {
                assertThat(unreadable(reader, written)).as("keys unreadable in the final full pass").isEmpty();
            }
            return (lastNanos - failedAtNanos) / 1_000_000;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("reads did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            retries.shutdownNow();
        }
    }

    private static void readUntilRight(CacheTestClient reader, String key, String value, long giveUpAt,
                                       ScheduledExecutorService retries, CompletableFuture<Long> readAt) {
        reader.getAsync(key).whenComplete((response, error) -> {
            if (error == null && response.getFound() && response.getValue().toStringUtf8().equals(value)) {
                readAt.complete(System.nanoTime());
            } else if (System.nanoTime() > giveUpAt) {
                readAt.completeExceptionally(new AssertionError("key " + key + " still unreadable; last answer: "
                        + (error != null ? error.getMessage() : "found=" + response.getFound())));
            } else {
                retries.schedule(() -> readUntilRight(reader, key, value, giveUpAt, retries, readAt),
                        RETRY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
