package io.ringcache.bench;

import io.ringcache.client.AsyncCache;
import io.ringcache.client.KeyValue;
import io.ringcache.client.NearCacheSettings;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheClientBuilder;
import io.ringcache.client.RingcacheException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * ringcache through its Java client library: routed to each key's owner, single-key calls
 * auto-pipelined (or unary ones, with {@code pipelining} off), batches split by owner.
 */
final class ClientDriver implements Driver {

    private final RingcacheClient client;
    private final AsyncCache cache;

    ClientDriver(Workload workload, boolean pipelining) throws Exception {
        this(workload, pipelining, null);
    }

    /** @param nearCache the near cache of the default cache, or null for none */
    ClientDriver(Workload workload, boolean pipelining, NearCacheSettings nearCache) throws Exception {
        RingcacheClientBuilder builder = RingcacheClient.builder();
        if (nearCache != null) {
            builder.nearCache("default", nearCache);
        }
        this.client = builder
                .seeds(workload.targets().toArray(String[]::new))
                .deadline(Duration.ofSeconds(10))
                .connectionsPerNode(workload.connections())
                .pipelineStreamsPerNode(workload.connections())
                .pipelining(pipelining)
                .connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
        this.cache = client.cache();
    }

    @Override
    public CompletionStage<?> get(byte[] key) {
        return cache.get(key);
    }

    @Override
    public CompletionStage<?> put(byte[] key, byte[] value) {
        return cache.put(key, value);
    }

    @Override
    public CompletionStage<?> getMany(byte[][] keys) {
        return cache.getMany(Arrays.asList(keys));
    }

    @Override
    public CompletionStage<?> putMany(byte[][] keys, byte[] value) {
        List<KeyValue> entries = new ArrayList<>(keys.length);
        for (byte[] key : keys) {
            entries.add(new KeyValue(key, value));
        }
        return cache.putMany(entries, Duration.ZERO);
    }

    @Override
    public void preload(int keys, byte[] value) throws Exception {
        Preload.inBatches(keys, 500, this::putMany, value);
    }

    @Override
    public String statusOf(Throwable failure) {
        Throwable cause = Driver.unwrapped(failure);
        return cause instanceof RingcacheException known ? known.status() : cause.getClass().getSimpleName();
    }

    /** The cache the driver loads, for probes that need values. */
    AsyncCache cache() {
        return cache;
    }

    @Override
    public void close() {
        client.close();
    }
}
