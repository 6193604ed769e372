package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.TouchRequest;
import io.ringcache.proto.v1.TouchResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** {@link AsyncCache} over {@link Calls}: builds each request, routes it, merges batch parts. */
final class DefaultAsyncCache implements AsyncCache {

    /** Half the time a node remembers an increment's request id, so a late retry never finds it forgotten. */
    static final long INCREMENT_RETRY_WINDOW_MS = 30_000;

    private final String name;
    private final Calls calls;
    private final BlockingCache blocking;

    DefaultAsyncCache(String name, Calls calls, long blockingBoundMs) {
        this.name = name;
        this.calls = calls;
        this.blocking = new DefaultBlockingCache(this, blockingBoundMs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<GetResult> get(byte[] key) {
        GetRequest request = GetRequest.newBuilder().setCache(name).setKey(bytes(key)).build();
        return calls.run(true, calls.deadline(), leftMs -> calls.send(calls.router().addressOf(key),
                CacheServiceGrpcClient.Get, request, leftMs).thenApply(DefaultAsyncCache::result));
    }

    /** A Get whose answer carries its partition's stamp, for the near cache. */
    CompletableFuture<GetResponse> getStamped(byte[] key) {
        GetRequest request = GetRequest.newBuilder().setCache(name).setKey(bytes(key)).setStamp(true).build();
        return calls.run(true, calls.deadline(), leftMs -> calls.send(calls.router().addressOf(key),
                CacheServiceGrpcClient.Get, request, leftMs));
    }

    @Override
    public CompletionStage<GetResult> get(String key) {
        return get(utf8(key));
    }

    @Override
    public CompletionStage<PutResult> put(byte[] key, byte[] value) {
        return put(key, value, PutOptions.always());
    }

    @Override
    public CompletionStage<PutResult> put(byte[] key, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        PutRequest request = PutRequest.newBuilder().setCache(name).setKey(bytes(key))
                .setValue(ByteString.copyFrom(value)).setTtlMs(options.ttl().toMillis())
                .setCondition(PutRequest.Condition.valueOf(options.condition().name()))
                .setExpectedVersion(options.expectedVersion()).build();
        return calls.run(options.retried(), calls.deadline(), leftMs -> calls.send(calls.router().addressOf(key),
                CacheServiceGrpcClient.Put, request, leftMs)
                .thenApply(response -> new PutResult(response.getApplied(), response.getVersion())));
    }

    @Override
    public CompletionStage<PutResult> put(String key, String value) {
        return put(utf8(key), utf8(value));
    }

    @Override
    public CompletionStage<PutResult> put(String key, String value, PutOptions options) {
        return put(utf8(key), utf8(value), options);
    }

    @Override
    public CompletionStage<Boolean> delete(byte[] key) {
        return delete(key, 0);
    }

    @Override
    public CompletionStage<Boolean> delete(byte[] key, long expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must not be negative, not " + expectedVersion);
        }
        DeleteRequest request = DeleteRequest.newBuilder().setCache(name).setKey(bytes(key))
                .setExpectedVersion(expectedVersion).build();
        // Only a versioned delete is safe to send twice: it cannot remove a key written in between.
        return calls.run(expectedVersion > 0, calls.deadline(), leftMs -> calls.send(calls.router().addressOf(key),
                CacheServiceGrpcClient.Delete, request, leftMs).thenApply(DeleteResponse::getDeleted));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return delete(utf8(key));
    }

    @Override
    public CompletionStage<IncrementResult> increment(byte[] key, long delta) {
        return increment(key, delta, 0, Duration.ZERO);
    }

    @Override
    public CompletionStage<IncrementResult> increment(byte[] key, long delta, long initial, Duration ttl) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        IncrementRequest first = IncrementRequest.newBuilder().setCache(name).setKey(bytes(key)).setDelta(delta)
                .setInitial(initial).setTtlMs(ttl.toMillis())
                .setRequestId(new UUID(random.nextLong(), random.nextLong()).toString()).build();
        IncrementRequest again = first.toBuilder().setRetry(true).build();
        // Retried only while the owner surely remembers the id (it keeps ids for at least 60 s).
        // Marked a retry only once an attempt may have reached a node: an owner in doubt refuses
        // an unknown retried id, but always applies a first attempt.
        return calls.run(Calls.Retry.ALWAYS, calls.deadline(INCREMENT_RETRY_WINDOW_MS), (retry, leftMs) ->
                calls.send(calls.router().addressOf(key), CacheServiceGrpcClient.Increment,
                        retry ? again : first, leftMs)
                        .thenApply(response -> new IncrementResult(response.getValue(), response.getVersion())));
    }

    @Override
    public CompletionStage<IncrementResult> increment(String key, long delta) {
        return increment(utf8(key), delta);
    }

    @Override
    public CompletionStage<Boolean> touch(byte[] key, Duration ttl) {
        TouchRequest request = TouchRequest.newBuilder().setCache(name).setKey(bytes(key)).setTtlMs(ttl.toMillis())
                .build();
        return calls.run(false, calls.deadline(), leftMs -> calls.send(calls.router().addressOf(key),
                CacheServiceGrpcClient.Touch, request, leftMs).thenApply(TouchResponse::getFound));
    }

    @Override
    public CompletionStage<Boolean> touch(String key, Duration ttl) {
        return touch(utf8(key), ttl);
    }

    @Override
    public CompletionStage<List<GetResult>> getMany(List<byte[]> keys) {
        long deadline = calls.deadline();
        GetResult[] results = new GetResult[keys.size()];
        // A part that fails over is sent whole to the current owner of its first key: if the
        // topology moved meanwhile, that node routes the others (a hop, never a wrong answer).
        return inParts(keys, (address, indexes) -> {
            GetManyRequest.Builder request = GetManyRequest.newBuilder().setCache(name);
            indexes.forEach(i -> request.addKeys(bytes(keys.get(i))));
            GetManyRequest built = request.build();
            byte[] first = keys.get(indexes.get(0));
            boolean[] retry = {false};
            return calls.run(true, deadline, leftMs -> {
                String target = retry[0] ? calls.router().addressOf(first) : address;
                retry[0] = true;
                return calls.send(target, CacheServiceGrpcClient.GetMany, built, leftMs);
            }).thenAccept(response -> {
                for (int i = 0; i < indexes.size(); i++) {
                    results[indexes.get(i)] = result(response.getResults(i));
                }
            });
        }, () -> Arrays.asList(results));
    }

    @Override
    public CompletionStage<List<GetResult>> getMany(String... keys) {
        return getMany(utf8(keys));
    }

    @Override
    public CompletionStage<List<Long>> putMany(List<KeyValue> entries, Duration ttl) {
        long deadline = calls.deadline();
        List<byte[]> keys = entries.stream().map(KeyValue::key).toList();
        Long[] versions = new Long[entries.size()];
        return inParts(keys, (address, indexes) -> {
            PutManyRequest.Builder request = PutManyRequest.newBuilder().setCache(name).setTtlMs(ttl.toMillis());
            indexes.forEach(i -> request.addEntries(Entry.newBuilder().setKey(bytes(entries.get(i).key()))
                    .setValue(ByteString.copyFrom(entries.get(i).value()))));
            PutManyRequest built = request.build();
            byte[] first = keys.get(indexes.get(0));
            return calls.run(false, deadline, leftMs -> calls.send(retryTarget(address, first),
                    CacheServiceGrpcClient.PutMany, built, leftMs)).thenAccept((PutManyResponse response) -> {
                        for (int i = 0; i < indexes.size(); i++) {
                            versions[indexes.get(i)] = response.getVersions(i);
                        }
                    });
        }, () -> Arrays.asList(versions));
    }

    @Override
    public CompletionStage<List<Long>> putMany(Map<String, String> entries, Duration ttl) {
        List<KeyValue> pairs = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> pairs.add(KeyValue.of(key, value)));
        return putMany(pairs, ttl);
    }

    @Override
    public CompletionStage<Long> deleteMany(List<byte[]> keys) {
        long deadline = calls.deadline();
        // Each distinct key goes to exactly one part (equal keys share a slot), so the counts add up.
        long[] deleted = new long[1];
        return inParts(keys, (address, indexes) -> {
            DeleteManyRequest.Builder request = DeleteManyRequest.newBuilder().setCache(name);
            indexes.forEach(i -> request.addKeys(bytes(keys.get(i))));
            DeleteManyRequest built = request.build();
            byte[] first = keys.get(indexes.get(0));
            return calls.run(false, deadline, leftMs -> calls.send(retryTarget(address, first),
                    CacheServiceGrpcClient.DeleteMany, built, leftMs)).thenAccept((DeleteManyResponse response) -> {
                        synchronized (deleted) {
                            deleted[0] += response.getDeleted();
                        }
                    });
        }, () -> {
            synchronized (deleted) {
                return deleted[0];
            }
        });
    }

    @Override
    public CompletionStage<Long> deleteMany(String... keys) {
        return deleteMany(utf8(keys));
    }

    @Override
    public BlockingCache blocking() {
        return blocking;
    }

    /**
     * Splits {@code keys} by owner, runs one part per owner at once, and completes with
     * {@code merged} once every part has; the first failure fails the whole.
     */
    private <T> CompletableFuture<T> inParts(List<byte[]> keys,
                                             PartCall part, Supplier<T> merged) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(merged.get());
        }
        keys.forEach(key -> Objects.requireNonNull(key, "key"));
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        calls.router().split(keys).forEach((address, indexes) -> parts.add(part.run(address, indexes)));
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            if (error != null) {
                result.completeExceptionally(Calls.unwrap(error));
            } else {
                result.complete(merged.get());
            }
        });
        return result;
    }

    /**
     * Where a batch part goes: its owner when split, or, on a retry after that owner failed
     * (avoided by the router now), the current node for its first key, which routes the rest.
     */
    private String retryTarget(String splitOwner, byte[] firstKey) {
        return calls.router().avoided(splitOwner) ? calls.router().addressOf(firstKey) : splitOwner;
    }

    @FunctionalInterface
    private interface PartCall {
        CompletableFuture<Void> run(String address, List<Integer> indexes);
    }

    static GetResult result(GetResponse response) {
        if (!response.getFound()) {
            return response.getPossiblyLost() ? new GetResult(false, new byte[0], 0, 0, true) : GetResult.MISSING;
        }
        return new GetResult(true, response.getValue().toByteArray(), response.getVersion(),
                response.getTtlRemainingMs(), false);
    }

    private static ByteString bytes(byte[] key) {
        Objects.requireNonNull(key, "key");
        return ByteString.copyFrom(key);
    }

    private static byte[] utf8(String text) {
        return Objects.requireNonNull(text, "key or value").getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> utf8(String... texts) {
        return Arrays.stream(texts).map(DefaultAsyncCache::utf8).toList();
    }
}
