package io.ringcache.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The "use Hazelcast directly" alternative: the same workload through Hazelcast's own Java
 * client against a plain member ({@link PlainMember}), on a map with the node's settings.
 */
final class HazelcastDriver implements Driver {

    /** The near cache bound both sides of compare-near use. */
    static final int NEAR_CACHE_ENTRIES = 100_000;

    private final HazelcastInstance client;
    private final IMap<byte[], byte[]> map;
    private final ExecutorService batchPool;

    HazelcastDriver(Workload workload, String clusterName) {
        this(workload, clusterName, false);
    }

    /**
     * @param nearCache whether the client keeps a near cache of the map (Hazelcast's own:
     *                  invalidated on change, at most 100,000 entries, binary format)
     */
    HazelcastDriver(Workload workload, String clusterName, boolean nearCache) {
        ClientConfig config = new ClientConfig();
        if (nearCache) {
            config.addNearCacheConfig(new NearCacheConfig(PlainMember.MAP).setInvalidateOnChange(true)
                    .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(NEAR_CACHE_ENTRIES)));
        }
        config.setClusterName(clusterName);
        config.getNetworkConfig().setAddresses(workload.targets()).setSmartRouting(true);
        config.setProperty("hazelcast.logging.type", "none");
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        this.client = HazelcastClient.newHazelcastClient(config);
        this.map = client.getMap(PlainMember.MAP);
        this.batchPool = Executors.newFixedThreadPool(workload.inFlight(), runnable -> {
            Thread thread = new Thread(runnable, "hazelcast-batch");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<?> get(byte[] key) {
        return onResponseThread(map.getAsync(key));
    }

    @Override
    public CompletionStage<?> put(byte[] key, byte[] value) {
        return onResponseThread(map.setAsync(key, value));
    }

    /** Completes on the client's response thread: no extra hop for the load generator's callback. */
    private static <T> CompletionStage<T> onResponseThread(CompletionStage<T> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        call.whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                done.complete(value);
            } else {
                done.completeExceptionally(failure);
            }
        }, Runnable::run);
        return done;
    }

    @Override
    public CompletionStage<?> getMany(byte[][] keys) {
        Set<byte[]> batch = new HashSet<>();
        for (byte[] key : keys) {
            batch.add(key);
        }
        // The Java client has no asynchronous getAll: it runs on a pool as big as the lanes.
        return CompletableFuture.supplyAsync(() -> map.getAll(batch), batchPool);
    }

    @Override
    public CompletionStage<?> putMany(byte[][] keys, byte[] value) {
        Map<byte[], byte[]> batch = new HashMap<>();
        for (byte[] key : keys) {
            batch.put(key, value);
        }
        return onResponseThread(map.putAllAsync(batch));
    }

    @Override
    public void preload(int keys, byte[] value) throws Exception {
        Preload.inBatches(keys, 500, this::putMany, value);
    }

    @Override
    public String statusOf(Throwable failure) {
        Throwable cause = Driver.unwrapped(failure);
        return cause.getClass().getSimpleName();
    }

    /** The map itself, for probes that need values (blocking calls). */
    IMap<byte[], byte[]> map() {
        return map;
    }

    @Override
    public void close() {
        batchPool.shutdownNow();
        client.shutdown();
    }
}
