package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * After a heal, the acknowledged writes not yet read back with their value through each node.
 * Each check reads only the keys still pending, through every node at once: a full read of a
 * few thousand keys through five nodes, one after the other, takes longer than the merge it
 * waits for on a loaded 2-core host. A key read back through a node stays done (a merge adds
 * entries, it does not take them back; the history checker sees any later change of value).
 */
final class PendingReadback {

    private final IntFunction<CacheTestClient> clientOf;
    private final Map<Integer, Map<String, String>> pending = new TreeMap<>();

    PendingReadback(List<Integer> nodes, IntFunction<CacheTestClient> clientOf, Map<String, String> acknowledged) {
        this.clientOf = clientOf;
        nodes.forEach(node -> pending.put(node, new ConcurrentHashMap<>(acknowledged)));
    }

    /** Reads every pending key through its node; true once every key was read back through every node. */
    boolean allReadBack() throws InterruptedException {
        ExecutorService readers = Executors.newFixedThreadPool(pending.size());
        try {
            List<Future<?>> reads = new ArrayList<>();
            pending.forEach((node, keys) -> reads.add(readers.submit(() -> {
                List<String> missing = Acknowledged.unreadable(clientOf.apply(node), Map.copyOf(keys));
                keys.keySet().retainAll(missing);
            })));
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
        }
        return pending.values().stream().allMatch(Map::isEmpty);
    }

    /** The keys still not read back, as "key via node n". */
    List<String> notReadBack() {
        List<String> missing = new ArrayList<>();
        pending.forEach((node, keys) -> keys.keySet().forEach(key -> missing.add(key + " via node " + node)));
        return missing;
    }
}
