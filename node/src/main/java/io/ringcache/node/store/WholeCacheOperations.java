package io.ringcache.node.store;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.ScanPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Operations over a whole cache: count its live keys, clear it, walk its live keys. Only live
 * entries count ({@link LiveEntryPredicate}), as a read would see them. Hazelcast has no async
 * variant of these calls, so they run on a Vert.x worker thread, never on the event loop.
 *
 * <p>A walk goes partition by partition, and its cursor is the next partition to read: cursor 0
 * starts at partition 0, and a walk that has read the last partition answers cursor 0. A key
 * stays in its partition for as long as it exists (partitions move between members, keys never
 * move between partitions), so a key present for the whole walk is in exactly one page. A page
 * holds whole partitions: it may hold more keys than asked for when one partition holds many.
 */
final class WholeCacheOperations {

    private final Vertx vertx;
    private final SlotPartitioningStrategy placement;
    private final int partitionCount;

    /** @param placement the cache maps' placement, for the partition key of each partition */
    WholeCacheOperations(Vertx vertx, SlotPartitioningStrategy placement, int partitionCount) {
        this.vertx = vertx;
        this.placement = placement;
        this.partitionCount = partitionCount;
    }

    Future<Long> size(CacheCatalog.Cache target) {
        return blocking(() -> target.map().aggregate(Aggregators.count(), LiveEntryPredicate.INSTANCE));
    }

    Future<Void> clear(CacheCatalog.Cache target) {
        return blocking(() -> {
            target.map().clear();
            return null;
        });
    }

    /**
     * Reads whole partitions from {@code cursor} on until {@code count} keys are gathered or the
     * partitions run out. Each call after the first reads twice as many partitions (in one query
     * that their owners answer in parallel), so a sparse cache takes a few calls, not one per partition.
     */
    Future<ScanPage> scan(CacheCatalog.Cache target, long cursor, int count) {
        if (cursor >= partitionCount) {
            return Future.failedFuture(new CacheException(CacheError.INVALID_ARGUMENT, "invalid cursor"));
        }
        return blocking(() -> {
            List<byte[]> keys = new ArrayList<>();
            int next = (int) cursor;
            int partitions = 1;
            while (next < partitionCount && keys.size() < count) {
                int end = Math.min(partitionCount, next + partitions);
                keys.addAll(target.map().keySet(livePartitions(next, end)));
                next = end;
                partitions *= 2;
            }
            return new ScanPage(next == partitionCount ? 0 : next, keys);
        });
    }

    /** The live entries of partitions {@code from} (inclusive) to {@code to} (exclusive). */
    private Predicate<byte[], byte[]> livePartitions(int from, int to) {
        if (to - from == 1) {
            return Predicates.partitionPredicate(placement.partitionKeyOfPartition(from), LiveEntryPredicate.INSTANCE);
        }
        Set<Object> partitionKeys = new HashSet<>();
        for (int partition = from; partition < to; partition++) {
            partitionKeys.add(placement.partitionKeyOfPartition(partition));
        }
        return Predicates.multiPartitionPredicate(partitionKeys, LiveEntryPredicate.INSTANCE);
    }

    /** Runs a blocking Hazelcast call on a worker thread (unordered: calls need not wait for each other). */
    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.<T>executeBlocking(call, false)
                .recover(error -> Future.failedFuture(HazelcastFutures.translate(error)));
    }
}
