package io.ringcache.client;

import io.ringcache.proto.v1.TopologyResponse;

import java.util.concurrent.CompletionStage;

/**
 * A client of a ringcache cluster. Built from the addresses of any of its nodes with
 * {@link #builder()}; it then follows the cluster's topology (members and slot owners) through
 * the {@code WatchTopology} stream, re-subscribing to another node when the stream ends, and
 * sends every key to its owner (see {@link AsyncCache} for routing, deadlines and retries).
 *
 * <p>Thread-safe; one client per application is enough. Close it to release its connections
 * (and its Vert.x instance, if it created it).
 *
 * <pre>{@code
 * try (RingcacheClient client = RingcacheClient.builder().seeds("cache-0:7070", "cache-1:7070")
 *         .token(System.getenv("RINGCACHE_TOKEN")).build()) {
 *     AsyncCache sessions = client.cache("sessions");
 *     sessions.put("user:42", "{...}", PutOptions.always().ttl(Duration.ofMinutes(30)))
 *             .thenCompose(written -> sessions.get("user:42"))
 *             .thenAccept(read -> System.out.println(read.valueAsString()));
 *     String value = client.cache().blocking().get("greeting").valueAsString();
 * }
 * }</pre>
 */
public interface RingcacheClient extends AutoCloseable {

    /** @return a builder of a client */
    static RingcacheClientBuilder builder() {
        return new RingcacheClientBuilder();
    }

    /**
     * A named cache. The name is not checked here: a cache the cluster does not know fails each
     * call with {@code NOT_FOUND}.
     *
     * @param name the cache's name; empty means {@code default}
     * @return the cache
     */
    AsyncCache cache(String name);

    /** @return the cache named {@code default} */
    AsyncCache cache();

    /**
     * The cluster's topology as a node describes it now (a Topology call, retried).
     *
     * @return members, their endpoints and every slot's owner and backups
     */
    CompletionStage<TopologyResponse> topology();

    /**
     * The epoch of the topology this client routes by, for diagnostics.
     *
     * @return the epoch, or 0 while the client has none yet (it then sends every key to a seed,
     *         which routes it)
     */
    long routingEpoch();

    /**
     * Stops following the topology and closes the connections, waiting for them (bounded by a
     * few seconds) unless called on a Vert.x event loop. Calls still in flight fail.
     */
    @Override
    void close();
}
