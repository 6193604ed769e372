package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi-key operations. Each key's route is already known; a batch is refused whole if any
 * key's owner is silent. Keys appear once each in the calls to owners (by content), and the
 * answers come back in request order.
 */
final class BatchOperations {

    private final Vertx vertx;
    private final KeyPlacement placement;
    private final LocalCopies copies;
    private final WritesInFlight writesInFlight;
    private final LossFlags lossFlags;
    private final SilentOwner silentOwner;

    BatchOperations(Vertx vertx, KeyPlacement placement, LocalCopies copies, WritesInFlight writesInFlight,
                    LossFlags lossFlags, SilentOwner silentOwner) {
        this.vertx = vertx;
        this.placement = placement;
        this.copies = copies;
        this.writesInFlight = writesInFlight;
        this.lossFlags = lossFlags;
        this.silentOwner = silentOwner;
    }

    /** One key of a batch: its bytes, route and serialized form. */
    private record Placed(byte[] key, Route route, Object keyData) {
    }

    Future<List<Lookup>> getMany(CacheCatalog.Cache target, List<CacheKey> keys, List<Route> routes) {
        Map<ByteBuffer, Placed> distinct;
        try {
            distinct = distinct(keys, routes);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        // Keys this node owns are read in place; the others' owners are asked in one call.
        Map<ByteBuffer, Lookup> inPlace = new HashMap<>();
        Set<Object> elsewhere = new HashSet<>();
        Map<Integer, Object> onePerPartition = new HashMap<>();
        long now = System.currentTimeMillis();
        distinct.forEach((content, placed) -> {
            Lookup owned = target.readsInPlace() ? copies.readAsOwner(target.map().getName(), placed.keyData(),
                    placed.route().partition(), now, writesInFlight::any) : null;
            if (owned != null) {
                inPlace.put(content, owned);
            } else {
                elsewhere.add(placed.keyData());
                onePerPartition.putIfAbsent(placed.route().partition(), placed.keyData());
            }
        });
        Future<Map<byte[], byte[]>> read = elsewhere.isEmpty() ? Future.succeededFuture(Map.of())
                : HazelcastFutures.read(() -> HazelcastInternals.submitToKeys(target.map(), elsewhere,
                        ReadProcessor.INSTANCE), vertx.getOrCreateContext());
        Future<Map<byte[], byte[]>> asked = target.settings().linearizableReads()
                ? confirmed(target, onePerPartition.values(), read) : read;
        return asked.map(answers -> {
            Map<ByteBuffer, byte[]> byContent = new HashMap<>(answers.size() * 2);
            answers.forEach((key, answer) -> byContent.put(ByteBuffer.wrap(key), answer));
            List<Lookup> lookups = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                ByteBuffer content = ByteBuffer.wrap(keys.get(i).bytes());
                Lookup lookup = inPlace.get(content);
                lookups.add(lossFlags.flag(target, routes.get(i),
                        lookup != null ? lookup : StoredEntry.fromOwnerAnswer(byContent.get(content))));
            }
            return lookups;
        });
    }

    /** Keys are distinct (the admission checked). */
    Future<List<Long>> putMany(CacheCatalog.Cache target, List<CacheKey> keys, List<Route> routes,
                               List<byte[]> values, long ttlMs) {
        Map<Integer, Map<ByteBuffer, byte[]>> byPartition = new HashMap<>();
        Map<Integer, Set<Object>> keyDataByPartition = new HashMap<>();
        try {
            for (int i = 0; i < keys.size(); i++) {
                Route route = routes.get(i);
                silentOwner.refuseIfSilent(route);
                byte[] key = keys.get(i).bytes();
                byPartition.computeIfAbsent(route.partition(), partition -> new HashMap<>())
                        .put(ByteBuffer.wrap(key), values.get(i));
                keyDataByPartition.computeIfAbsent(route.partition(), partition -> new HashSet<>())
                        .add(placement.keyData(key, route));
            }
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        // One call per partition, all at once: each processor then serves exactly one partition.
        List<Future<Map<byte[], Long>>> parts = new ArrayList<>(byPartition.size());
        for (Map.Entry<Integer, Map<ByteBuffer, byte[]>> partitionGroup : byPartition.entrySet()) {
            int partition = partitionGroup.getKey();
            PutManyProcessor put = new PutManyProcessor(target.settings().name(), partitionGroup.getValue(),
                    target.effectiveTtlMs(ttlMs), target.capacity());
            Set<Object> groupKeys = keyDataByPartition.get(partition);
            writesInFlight.begin(partition);
            Future<Map<byte[], Long>> written = HazelcastFutures.call(
                    () -> HazelcastInternals.submitToKeys(target.map(), groupKeys, put), vertx.getOrCreateContext());
            parts.add(confirmed(target, List.of(groupKeys.iterator().next()), written)
                    .onComplete(done -> writesInFlight.end(partition)));
        }
        return Future.all(parts).map(done -> {
            Map<ByteBuffer, Long> versions = new HashMap<>(keys.size() * 2);
            parts.forEach(part -> part.result().forEach((key, version) -> versions.put(ByteBuffer.wrap(key), version)));
            if (versions.containsValue(WriteOutcome.FULL)) {
                throw new CacheException(CacheError.RESOURCE_EXHAUSTED, "some keys' owners are full (the cache's size limit "
                        + "with eviction NONE, or the node's heap limit); the other entries were written");
            }
            List<Long> inOrder = new ArrayList<>(keys.size());
            for (CacheKey key : keys) {
                inOrder.add(versions.get(ByteBuffer.wrap(key.bytes())));
            }
            return inOrder;
        });
    }

    Future<Long> deleteMany(CacheCatalog.Cache target, List<CacheKey> keys, List<Route> routes) {
        Map<ByteBuffer, Placed> distinct;
        try {
            distinct = distinct(keys, routes);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        if (distinct.isEmpty()) {
            return Future.succeededFuture(0L);
        }
        Map<Integer, Object> onePerPartition = new HashMap<>();
        Set<Object> keyData = new HashSet<>();
        distinct.values().forEach(placed -> {
            onePerPartition.putIfAbsent(placed.route().partition(), placed.keyData());
            keyData.add(placed.keyData());
        });
        Set<Integer> partitions = onePerPartition.keySet();
        partitions.forEach(writesInFlight::begin);
        Future<Map<byte[], Boolean>> removed = HazelcastFutures.call(() -> HazelcastInternals.submitToKeys(target.map(),
                keyData, new RemoveProcessor(target.settings().name(), target.tombstoneMs())), vertx.getOrCreateContext());
        return confirmed(target, onePerPartition.values(), removed)
                .onComplete(done -> partitions.forEach(writesInFlight::end))
                .map(answers -> answers.values().stream().filter(Boolean::booleanValue).count());
    }

    /**
     * {@code done}'s result, once the backups of each partition it touched hold what it did: a
     * {@link ConfirmedRead} of one key per partition. Hazelcast sends the backups of a
     * multi-key operation without waiting for them (its sub-operations answer through the
     * member-wide operation that runs them), so without this a batch write would be
     * acknowledged before any backup held it, and lost with its owner. A partition whose backups
     * do not confirm fails the call as an unknown outcome.
     */
    private <T> Future<T> confirmed(CacheCatalog.Cache target, Collection<Object> oneKeyPerPartition, Future<T> done) {
        if (!target.confirmsBackups() || oneKeyPerPartition.isEmpty()) {
            return done;
        }
        return done.compose(result -> Future.all(oneKeyPerPartition.stream()
                        .map(keyData -> HazelcastFutures.call(() -> HazelcastInternals.submitToKey(target.map(), keyData,
                                ConfirmedRead.INSTANCE), vertx.getOrCreateContext()))
                        .toList())
                .map(confirmedAll -> result));
    }

    /** The batch's keys once each, by content, in request order; refused if any owner is silent. */
    private Map<ByteBuffer, Placed> distinct(List<CacheKey> keys, List<Route> routes) {
        Map<ByteBuffer, Placed> distinct = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Route route = routes.get(i);
            silentOwner.refuseIfSilent(route);
            byte[] key = keys.get(i).bytes();
            distinct.computeIfAbsent(ByteBuffer.wrap(key), content -> new Placed(key, route, placement.keyData(key, route)));
        }
        return distinct;
    }
}
