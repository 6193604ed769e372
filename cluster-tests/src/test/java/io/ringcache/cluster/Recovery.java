package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.ringcache.cluster.Acknowledged.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how long after a failure every key is readable (or writable) again through every
 * surviving node. Every (node, key) pair is tried at once and, until it first succeeds, tried
 * again 200 ms after each failed answer; the time is that of the last pair to succeed. Reads stuck
 * on a dead owner are answered by the node once it has failed over, so nothing waits for a
 * whole new pass. A final full pass proves that no key went missing again.
 */
final class Recovery {

    // Not faster: a thousand reads retried every few ms would load the survivors on a small machine.
    private static final long RETRY_MS = 200;
    /** Short, as a client polling for a failover would use: a read stuck on a dead owner is re-sent soon. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(1);

    private Recovery() {
    }

    /**
     * Milliseconds from {@code failedAtNanos} until every key read back through every node
     * whose gRPC port on 127.0.0.1 is listed.
     */
    static long millisUntilEveryKeyReadable(long failedAtNanos, List<Integer> grpcPorts,
                                            Map<String, String> written, Duration bound) {
        return withClients(grpcPorts, readers -> {
            long lastNanos = lastSuccess(failedAtNanos, readers, written.keySet(), bound,
                    (reader, key) -> reader.getAsync(key).thenApply(response -> response.getFound()
                            && response.getValue().toStringUtf8().equals(written.get(key))));
            for (CacheTestClient reader : readers) {
                assertThat(unreadable(reader, written)).as("keys unreadable in the final full pass").isEmpty();
            }
            return (lastNanos - failedAtNanos) / 1_000_000;
        });
    }

    /**
     * Milliseconds from {@code failedAtNanos} until a write of each of {@code keys} succeeds
     * through every listed node (the keys should be ones no other writer uses).
     */
    static long millisUntilEveryKeyWritable(long failedAtNanos, List<Integer> grpcPorts, List<String> keys,
                                            Duration bound) {
        return withClients(grpcPorts, writers -> (lastSuccess(failedAtNanos, writers, keys, bound,
                (writer, key) -> writer.callAsync(CacheServiceGrpcClient.Put, PutRequest.newBuilder()
                        .setKey(CacheTestClient.bytes(key)).setValue(CacheTestClient.bytes("written after the fault"))
                        .build()).thenApply(PutResponse::getApplied)) - failedAtNanos) / 1_000_000);
    }

    private static long withClients(List<Integer> grpcPorts, Function<List<CacheTestClient>, Long> measure) {
        List<CacheTestClient> clients = grpcPorts.stream()
                .map(port -> new CacheTestClient("127.0.0.1", port, CALL_DEADLINE)).toList();
        try {
            return measure.apply(clients);
        } finally {
            clients.forEach(CacheTestClient::close);
        }
    }

    /** Nano time at which the last (client, key) pair first succeeded. */
    private static long lastSuccess(long failedAtNanos, List<CacheTestClient> clients, Collection<String> keys,
                                    Duration bound,
                                    BiFunction<CacheTestClient, String, CompletableFuture<Boolean>> attempt) {
        long giveUpAt = System.nanoTime() + bound.toNanos();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<Long>> succeeded = new ArrayList<>();
        try {
            for (CacheTestClient client : clients) {
                for (String key : keys) {
                    CompletableFuture<Long> at = new CompletableFuture<>();
                    retryUntilRight(() -> attempt.apply(client, key), key, giveUpAt, retries, at);
                    succeeded.add(at);
                }
            }
            long lastNanos = failedAtNanos;
            for (CompletableFuture<Long> at : succeeded) {
                lastNanos = Math.max(lastNanos, at.get(bound.toSeconds() + 10, TimeUnit.SECONDS));
            }
            return lastNanos;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("calls did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            retries.shutdownNow();
        }
    }

    private static void retryUntilRight(Supplier<CompletableFuture<Boolean>> attempt, String key, long giveUpAt,
                                        ScheduledExecutorService retries, CompletableFuture<Long> at) {
        attempt.get().whenComplete((right, error) -> {
            if (error == null && right) {
                at.complete(System.nanoTime());
            } else if (System.nanoTime() > giveUpAt) {
                at.completeExceptionally(new AssertionError("key " + key + " still not right; last answer: "
                        + (error != null ? error.getMessage() : "wrong or missing")));
            } else {
                retries.schedule(() -> retryUntilRight(attempt, key, giveUpAt, retries, at), RETRY_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }
}
