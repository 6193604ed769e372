package io.ringcache.client;

import io.vertx.core.Context;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link BlockingCache} by waiting on {@link AsyncCache}, bounded a little past the call's deadline. */
final class DefaultBlockingCache implements BlockingCache {

    private final AsyncCache async;
    private final long boundMs;

    DefaultBlockingCache(AsyncCache async, long boundMs) {
        this.async = async;
        this.boundMs = boundMs;
    }

    static <T> T await(CompletionStage<T> stage, long boundMs) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking ringcache call on a Vert.x event loop would block it; "
                    + "use the AsyncCache");
        }
        try {
            return stage.toCompletableFuture().get(boundMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Calls.unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new RingcacheException(RingcacheException.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED",
                    "no answer within " + boundMs + " ms", false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RingcacheException(1, "CANCELLED", "interrupted while waiting", false, e);
        }
    }

    private <T> T await(CompletionStage<T> stage) {
        return await(stage, boundMs);
    }

    @Override
    public String name() {
        return async.name();
    }

    @Override
    public GetResult get(byte[] key) {
        return await(async.get(key));
    }

    @Override
    public GetResult get(String key) {
        return await(async.get(key));
    }

    @Override
    public PutResult put(byte[] key, byte[] value) {
        return await(async.put(key, value));
    }

    @Override
    public PutResult put(byte[] key, byte[] value, PutOptions options) {
        return await(async.put(key, value, options));
    }

    @Override
    public PutResult put(String key, String value) {
        return await(async.put(key, value));
    }

    @Override
    public PutResult put(String key, String value, PutOptions options) {
        return await(async.put(key, value, options));
    }

    @Override
    public boolean delete(byte[] key) {
        return await(async.delete(key));
    }

    @Override
    public boolean delete(byte[] key, long expectedVersion) {
        return await(async.delete(key, expectedVersion));
    }

    @Override
    public boolean delete(String key) {
        return await(async.delete(key));
    }

    @Override
    public IncrementResult increment(byte[] key, long delta) {
        return await(async.increment(key, delta));
    }

    @Override
    public IncrementResult increment(byte[] key, long delta, long initial, Duration ttl) {
        return await(async.increment(key, delta, initial, ttl));
    }

    @Override
    public IncrementResult increment(String key, long delta) {
        return await(async.increment(key, delta));
    }

    @Override
    public boolean touch(byte[] key, Duration ttl) {
        return await(async.touch(key, ttl));
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return await(async.touch(key, ttl));
    }

    @Override
    public List<GetResult> getMany(List<byte[]> keys) {
        return await(async.getMany(keys));
    }

    @Override
    public List<GetResult> getMany(String... keys) {
        return await(async.getMany(keys));
    }

    @Override
    public List<Long> putMany(List<KeyValue> entries, Duration ttl) {
        return await(async.putMany(entries, ttl));
    }

    @Override
    public List<Long> putMany(Map<String, String> entries, Duration ttl) {
        return await(async.putMany(entries, ttl));
    }

    @Override
    public long deleteMany(List<byte[]> keys) {
        return await(async.deleteMany(keys));
    }

    @Override
    public long deleteMany(String... keys) {
        return await(async.deleteMany(keys));
    }
}
