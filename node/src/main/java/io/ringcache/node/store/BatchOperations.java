package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
    private final PartitionLosses losses;
    private final SilentOwner silentOwner;

    BatchOperations(Vertx vertx, KeyPlacement placement, LocalCopies copies, WritesInFlight writesInFlight,
                    PartitionLosses losses, SilentOwner silentOwner) {
        this.vertx = vertx;
        this.placement = placement;
        this.copies = copies;
        this.writesInFlight = writesInFlight;
        this.losses = losses;
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
        // Only a linearizable-reads cache confirms what it read, one key per partition.
        boolean confirming = target.settings().linearizableReads();
        Map<Integer, Object> onePerPartition = confirming ? new HashMap<>() : Map.of();
        long now = System.currentTimeMillis();
        distinct.forEach((content, placed) -> {
            Lookup owned = target.readsInPlace() ? copies.readAsOwner(target.map().getName(), placed.keyData(),
                    placed.route().partition(), now, writesInFlight::any) : null;
            if (owned != null) {
                inPlace.put(content, owned);
            } else {
                elsewhere.add(placed.keyData());
                if (confirming) {
                    onePerPartition.putIfAbsent(placed.route().partition(), placed.keyData());
                }
            }
        });
        Future<Map<byte[], byte[]>> read = elsewhere.isEmpty() ? Future.succeededFuture(Map.of())
                : HazelcastFutures.read(() -> HazelcastInternals.submitToKeys(target.map(), elsewhere,
                        ReadProcessor.INSTANCE), vertx.getOrCreateContext());
        Future<Map<byte[], byte[]>> asked = confirming
                ? confirmed(target, onePerPartition.values(), read, target::reader) : read;
        return asked.map(answers -> {
            Map<ByteBuffer, byte[]> answered = byContent(answers);
            List<Lookup> lookups = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                ByteBuffer content = ByteBuffer.wrap(keys.get(i).bytes());
                Lookup lookup = inPlace.get(content);
                if (lookup == null) { // asked of another member, maybe retried onto an empty new owner
                    losses.refuseIfFenced(target, routes.get(i));
                }
                lookups.add(losses.flag(target, routes.get(i),
                        lookup != null ? lookup : StoredEntry.fromOwnerAnswer(answered.get(content))));
            }
            return lookups;
        });
    }

    /** Keys are distinct (the admission checked). */
    Future<List<Long>> putMany(CacheCatalog.Cache target, List<CacheKey> keys, List<Route> routes,
                               List<byte[]> values, long ttlMs) {
        Map<Integer, Map<ByteBuffer, byte[]>> byPartition = new HashMap<>();
        Map<Integer, Map<ByteBuffer, Object>> keyDataByPartition = new HashMap<>();
        try {
            for (int i = 0; i < keys.size(); i++) {
                Route route = routes.get(i);
                silentOwner.refuseIfSilent(route);
                byte[] key = keys.get(i).bytes();
                byPartition.computeIfAbsent(route.partition(), partition -> new HashMap<>())
                        .put(ByteBuffer.wrap(key), values.get(i));
                keyDataByPartition.computeIfAbsent(route.partition(), partition -> new HashMap<>())
                        .put(ByteBuffer.wrap(key), placement.keyData(key, route));
            }
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        // One call per partition, all at once: each processor then serves exactly one partition.
        List<Future<Map<ByteBuffer, Long>>> parts = new ArrayList<>(byPartition.size());
        byPartition.forEach((partition, entries) -> parts.add(writeInPartition(target, partition,
                keyDataByPartition.get(partition), new PutManyProcessor(target.settings().name(), entries,
                        target.effectiveTtlMs(ttlMs), target.capacity())
                        .linearizable(target.settings().linearizableReads()))));
        return BatchParts.settled(parts).map(written -> {
            Map<ByteBuffer, Long> versions = new HashMap<>(keys.size() * 2);
            written.forEach(versions::putAll);
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
        Map<Integer, Map<ByteBuffer, Object>> byPartition = new HashMap<>();
        distinct.forEach((content, placed) -> byPartition.computeIfAbsent(placed.route().partition(),
                partition -> new HashMap<>()).put(content, placed.keyData()));
        List<Future<Map<ByteBuffer, Boolean>>> parts = new ArrayList<>(byPartition.size());
        byPartition.forEach((partition, keyData) -> parts.add(writeInPartition(target, partition, keyData,
                new RemoveProcessor(target.settings().name(), target.tombstoneMs())
                        .linearizable(target.settings().linearizableReads()))));
        return BatchParts.settled(parts).map(deleted -> deleted.stream()
                .mapToLong(part -> part.values().stream().filter(Boolean::booleanValue).count())
                .sum());
    }

    /**
     * Runs a write on one partition's keys ({@code keyData} by key content) and answers, by key
     * content, once the partition's synchronous backups hold it. One key goes through
     * {@code submitToKey}, whose backups Hazelcast waits for; several through {@code submitToKeys},
     * whose backups Hazelcast sends without waiting (its sub-operations answer through the
     * member-wide operation that runs them), so it is followed by {@link #confirmed}. Without
     * that, a batch write was acknowledged before any backup held it, and lost with its owner.
     */
    private <R> Future<Map<ByteBuffer, R>> writeInPartition(CacheCatalog.Cache target, int partition,
                                                          Map<ByteBuffer, Object> keyData,
                                                          EntryProcessor<byte[], byte[], R> write) {
        writesInFlight.begin(partition);
        Future<Map<ByteBuffer, R>> written;
        if (keyData.size() == 1) {
            Map.Entry<ByteBuffer, Object> only = keyData.entrySet().iterator().next();
            written = HazelcastFutures.call(() -> HazelcastInternals.submitToKey(target.map(), only.getValue(), write),
                    vertx.getOrCreateContext()).map(answer -> Collections.singletonMap(only.getKey(), answer));
        } else {
            Future<Map<ByteBuffer, R>> applied = HazelcastFutures.call(() -> HazelcastInternals.submitToKeys(
                            target.map(), new HashSet<>(keyData.values()), write), vertx.getOrCreateContext())
                    .map(BatchOperations::byContent);
            written = confirmed(target, List.of(keyData.values().iterator().next()), applied,
                    () -> ConfirmedRead.INSTANCE);
        }
        return written.onComplete(done -> writesInFlight.end(partition));
    }

    private static <R> Map<ByteBuffer, R> byContent(Map<byte[], R> answers) {
        Map<ByteBuffer, R> byContent = new HashMap<>(answers.size() * 2);
        answers.forEach((key, answer) -> byContent.put(ByteBuffer.wrap(key), answer));
        return byContent;
    }

    /**
     * {@code done}'s result, once the backups of each partition it touched hold what it did: a
     * {@link ConfirmedRead} of one key per partition, which Hazelcast answers only after the
     * backups acknowledged it, and so after they applied everything the partition's owner sent
     * them before. A partition whose backups do not confirm fails the call as an unknown outcome.
     * {@code confirmation} makes the read: a {@link LinearizableRead} confirms a linearizable
     * cache's GetMany, a plain {@link ConfirmedRead} a batch write (whose failure must not say
     * "not applied", as the lease's refusal does).
     */
    private <T> Future<T> confirmed(CacheCatalog.Cache target, Collection<Object> oneKeyPerPartition, Future<T> done,
                                    Supplier<EntryProcessor<byte[], byte[], byte[]>> confirmation) {
        if (!target.confirmsBackups() || oneKeyPerPartition.isEmpty()) {
            return done;
        }
        return done.compose(result -> Future.all(oneKeyPerPartition.stream()
                        .map(keyData -> HazelcastFutures.call(() -> HazelcastInternals.submitToKey(target.map(), keyData,
                                confirmation.get()), vertx.getOrCreateContext()))
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
