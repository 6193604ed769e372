package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.RequestId;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Single-key writes: each runs as an entry processor on the key's owner (locally when this
 * node owns it), with synchronous backups, and answers on the caller's context. A key whose
 * owner is silent is refused at once; while a write is on its way, reads of its partition go
 * through the owner too ({@link WritesInFlight}).
 */
final class KeyWrites {

    private final Vertx vertx;
    private final KeyPlacement placement;
    private final WritesInFlight writesInFlight;
    private final SilentOwner silentOwner;

    KeyWrites(Vertx vertx, KeyPlacement placement, WritesInFlight writesInFlight, SilentOwner silentOwner) {
        this.vertx = vertx;
        this.placement = placement;
        this.writesInFlight = writesInFlight;
        this.silentOwner = silentOwner;
    }

    Future<WriteResult> put(CacheCatalog.Cache target, CacheKey key, Route route, byte[] value, long ttlMs,
                            WriteCondition condition, long expectedVersion) {
        return onOwner(target, key, route, new PutProcessor(value, target.effectiveTtlMs(ttlMs), condition,
                expectedVersion, target.capacity())).map(WriteOutcome::decode);
    }

    Future<Boolean> delete(CacheCatalog.Cache target, CacheKey key, Route route, long expectedVersion) {
        return onOwner(target, key, route, new DeleteProcessor(expectedVersion, target.tombstoneMs()));
    }

    Future<Counter> increment(CacheCatalog.Cache target, CacheKey key, Route route, long delta, long initial,
                              long ttlMs, RequestId requestId) {
        return onOwner(target, key, route, new IncrementProcessor(delta, initial, ttlMs,
                target.settings().defaultTtl().toMillis(), target.capacity())
                .withRequestId(requestId.id(), requestId.retry()))
                .compose(KeyWrites::toCounter);
    }

    Future<Boolean> touch(CacheCatalog.Cache target, CacheKey key, Route route, long ttlMs) {
        return onOwner(target, key, route, new TouchProcessor(ttlMs));
    }

    private <T> Future<T> onOwner(CacheCatalog.Cache target, CacheKey key, Route route,
                                  OwnerWrite<T> operation) {
        if (route.ownerSilent()) {
            return Future.failedFuture(silentOwner.error(route));
        }
        Object keyData = placement.keyData(key.bytes(), route);
        int partition = route.partition();
        operation.inCache(target.settings().name()).linearizable(target.settings().linearizableReads());
        writesInFlight.begin(partition);
        return HazelcastFutures.call(() -> HazelcastInternals.submitToKey(target.map(), keyData, operation),
                        vertx.getOrCreateContext())
                .onComplete(done -> writesInFlight.end(partition));
    }

    private static Future<Counter> toCounter(long[] outcome) {
        if (outcome[0] == IncrementProcessor.NOT_A_NUMBER) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "the key's value is not a decimal int64"));
        }
        if (outcome[0] == IncrementProcessor.FULL) {
            return Future.failedFuture(new CacheException(CacheError.RESOURCE_EXHAUSTED,
                    "the key's owner is full: the cache's size limit (eviction NONE) or the node's heap limit"));
        }
        if (outcome[0] == IncrementProcessor.OUTCOME_UNKNOWN) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "outcome unknown: the key's owner cannot tell whether this retried increment's first attempt "
                            + "was applied (its request ids moved or were forgotten); read the counter"));
        }
        if (outcome[0] == IncrementProcessor.OVERFLOW) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "the increment would overflow int64 (current value " + outcome[1] + ")"));
        }
        return Future.succeededFuture(new Counter(outcome[1], outcome[2]));
    }
}
