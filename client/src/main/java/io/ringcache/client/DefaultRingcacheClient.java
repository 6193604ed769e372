package io.ringcache.client;

import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.TopologyRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.core.Context;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The client: one transport, one router fed by one topology watcher, one cache view per name. */
final class DefaultRingcacheClient implements RingcacheClient {

    private static final String DEFAULT_CACHE = "default";

    private final Transport transport;
    private final Calls calls;
    private final TopologyWatcher watcher;
    private final long blockingBoundMs;
    private final Map<String, AsyncCache> caches = new ConcurrentHashMap<>();
    private final InvalidationWatcher invalidations;
    private final Map<String, NearCacheSettings> nearCaches;

    DefaultRingcacheClient(Transport transport, Calls calls, TopologyWatcher watcher, long blockingBoundMs,
                           InvalidationWatcher invalidations, Map<String, NearCacheSettings> nearCaches) {
        this.transport = transport;
        this.calls = calls;
        this.watcher = watcher;
        this.blockingBoundMs = blockingBoundMs;
        this.invalidations = invalidations;
        this.nearCaches = nearCaches;
    }

    /** The transport under the calls (tests look at its pipelining counts). */
    Transport transport() {
        return transport;
    }

    TopologyWatcher watcher() {
        return watcher;
    }

    @Override
    public AsyncCache cache(String name) {
        String cache = name == null || name.isEmpty() ? DEFAULT_CACHE : name;
        return caches.computeIfAbsent(cache, this::create);
    }

    private AsyncCache create(String name) {
        DefaultAsyncCache cluster = new DefaultAsyncCache(name, calls, blockingBoundMs);
        NearCacheSettings settings = nearCaches.get(name);
        if (settings == null) {
            return cluster;
        }
        NearCache near = new NearCache(name, settings, invalidations, System::nanoTime);
        invalidations.register(near);
        return new NearCachedAsyncCache(cluster, near, blockingBoundMs);
    }

    @Override
    public AsyncCache cache() {
        return cache(DEFAULT_CACHE);
    }

    @Override
    public CompletionStage<TopologyResponse> topology() {
        return calls.run(true, calls.deadline(), leftMs -> calls.send(calls.router().anyAddress(),
                CacheServiceGrpcClient.Topology, TopologyRequest.getDefaultInstance(), leftMs));
    }

    @Override
    public long routingEpoch() {
        return calls.router().topology().epoch();
    }

    @Override
    public void close() {
        watcher.close();
        invalidations.close();
        var closed = transport.closeAsync().toCompletableFuture();
        if (!Context.isOnEventLoopThread()) {
            try {
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing is best effort: the connections go with the process anyway
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
