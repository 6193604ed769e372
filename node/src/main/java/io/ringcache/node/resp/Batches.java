package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Lookup;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-key commands (MGET, MSET, DEL, EXISTS) over the store's batch operations, in batches of
 * at most {@code max-batch-keys} keys: a Redis client may send any number of keys in one
 * command, and the node's batch limit bounds each operation, not the command. The batches run
 * one after another, in key order; such a command is {@linkplain RespCall#sequential() sequential}.
 */
final class Batches {

    private final CacheStore store;
    private final int maxKeys;

    Batches(CacheStore store, int maxKeys) {
        this.store = store;
        this.maxKeys = maxKeys;
    }

    Future<List<Lookup>> getMany(RespCall call, List<CacheKey> keys) {
        String cache = call.cache();
        if (keys.size() <= maxKeys) {
            return store.getMany(cache, keys);
        }
        call.sequential();
        List<Lookup> all = new ArrayList<>(keys.size());
        return inChunks(keys.size(), (from, to) -> store.getMany(cache, keys.subList(from, to)).map(part -> {
            all.addAll(part);
            return null;
        })).map(all);
    }

    Future<Long> deleteMany(RespCall call, List<CacheKey> keys) {
        String cache = call.cache();
        if (keys.size() <= maxKeys) {
            return store.deleteMany(cache, keys);
        }
        call.sequential();
        long[] deleted = new long[1];
        return inChunks(keys.size(), (from, to) -> store.deleteMany(cache, keys.subList(from, to)).map(part -> {
            deleted[0] += part;
            return null;
        })).map(ignored -> deleted[0]);
    }

    /** {@code keys} must be distinct (MSET keeps the last value of a repeated key). */
    Future<Void> putMany(RespCall call, List<CacheKey> keys, List<byte[]> values) {
        String cache = call.cache();
        if (keys.size() <= maxKeys) {
            return store.putMany(cache, keys, values, 0).mapEmpty();
        }
        call.sequential();
        return inChunks(keys.size(), (from, to) -> store.putMany(cache, keys.subList(from, to),
                values.subList(from, to), 0).mapEmpty());
    }

    private interface Chunk {
        Future<Void> run(int from, int to);
    }

    private Future<Void> inChunks(int size, Chunk chunk) {
        Future<Void> done = Future.succeededFuture();
        for (int from = 0; from < size; from += maxKeys) {
            int start = from;
            int end = Math.min(size, from + maxKeys);
            done = done.compose(ignored -> chunk.run(start, end));
        }
        return done;
    }
}
