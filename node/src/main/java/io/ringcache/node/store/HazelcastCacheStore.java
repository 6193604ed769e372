package io.ringcache.node.store;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.node.cluster.SilentOwners;
import io.ringcache.node.cluster.SlotPartitions;
import io.ringcache.node.config.NodeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cache operations on Hazelcast maps. Every call is validated here, so each protocol
 * adapter gets the same rules; then it runs as an entry processor on the key's owner (locally
 * when this node owns the key), writes with synchronous backups, and answers asynchronously.
 */
public final class HazelcastCacheStore implements CacheStore {

    private final Vertx vertx;
    private final NodeReadiness readiness;
    private final RequestLimits limits;
    private final CacheCatalog caches;
    private final SlotPartitions slotPartitions;
    private final SilentOwners silentOwners;
    private final IExecutorService backupReads;
    private final LocalCopies localCopies;
    private final WritesInFlight writesInFlight;
    private final LostPartitions lostPartitions;

    public HazelcastCacheStore(Vertx vertx, HazelcastInstance hazelcast, NodeReadiness readiness, NodeConfig node,
                               SlotPartitions slotPartitions, SilentOwners silentOwners,
                               LostPartitions lostPartitions) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.limits = new RequestLimits(node.maxKeyBytes(), node.maxValueBytes(), node.maxBatchKeys());
        this.caches = new CacheCatalog(hazelcast, node.caches().values(), lostPartitions);
        this.slotPartitions = slotPartitions;
        this.silentOwners = silentOwners;
        this.backupReads = hazelcast.getExecutorService(BackupRead.EXECUTOR);
        this.localCopies = new LocalCopies(hazelcast);
        this.writesInFlight = new WritesInFlight(hazelcast.getPartitionService().getPartitions().size());
        this.lostPartitions = lostPartitions;
    }

    /** Adds what the store needs to a member's configuration: its serializers and cache maps. */
    public static void configureMember(Config config, NodeConfig node) {
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID,
                new StoreSerialization());
        CacheCatalog.configure(config, node.caches().values(), node.mergePolicy());
        // Backup reads are local map reads: two threads, and a bounded queue (a full one refuses).
        config.getExecutorConfig(BackupRead.EXECUTOR).setPoolSize(2).setQueueCapacity(10_000)
                .setStatisticsEnabled(false);
    }

    @Override
    public Future<Lookup> get(String cache, byte[] key) {
        CacheCatalog.Cache target;
        try {
            target = admit(cache, () -> limits.checkKey(key));
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        Member silent = silentOwners.silentOwnerOf(key);
        if (silent != null) {
            return readBackupCopy(target, key, silent);
        }
        if (target.readsInPlace()) {
            Lookup owned = localCopies.readAsOwner(target.map().getName(), key, System.currentTimeMillis(),
                    writesInFlight::any);
            if (owned != null) {
                return Future.succeededFuture(flagLoss(target, key, owned));
            }
        }
        if (target.settings().readFromBackup() && !ownsLocally(key)) {
            return readLocalCopy(target, key);
        }
        return HazelcastFutures.read(() -> target.map().submitToKey(key, ReadProcessor.INSTANCE),
                vertx.getOrCreateContext())
                .map(answer -> flagLoss(target, key, StoredEntry.fromOwnerAnswer(answer)));
    }

    /**
     * A read while the key's owner is silent: a synchronous backup has every acknowledged write
     * (writes are acknowledged once those backups have them), so this node's copy answers, or a
     * live backup holder's. Without a backup the read is refused as retryable.
     */
    private Future<Lookup> readBackupCopy(CacheCatalog.Cache target, byte[] key, Member silentOwner) {
        // Only synchronous backups are sure to hold every acknowledged write.
        int copies = target.settings().backups();
        String mapName = target.map().getName();
        if (silentOwners.holdsBackupOf(key, copies)) {
            return Future.succeededFuture(flagLoss(target, key,
                    StoredEntry.toLookup(localCopies.read(mapName, key), System.currentTimeMillis())));
        }
        Member backup = silentOwners.liveBackupOf(key, copies);
        if (backup == null) {
            return Future.failedFuture(ownerSilentError(silentOwner));
        }
        Context context = vertx.getOrCreateContext();
        Promise<byte[]> answer = Promise.promise();
        try {
            backupReads.submitToMember(new BackupRead(mapName, key), backup, new ExecutionCallback<>() {
                @Override
                public void onResponse(byte[] response) {
                    context.runOnContext(ignored -> answer.complete(response));
                }

                @Override
                public void onFailure(Throwable t) {
                    context.runOnContext(ignored -> answer.fail(backupReadFailure(t)));
                }
            });
        } catch (RuntimeException e) {
            return Future.failedFuture(backupReadFailure(e));
        }
        return answer.future().map(found -> flagLoss(target, key, StoredEntry.fromOwnerAnswer(found)));
    }

    private static CacheException backupReadFailure(Throwable failure) {
        return failure instanceof RejectedExecutionException
                || failure.getCause() instanceof RejectedExecutionException
                ? new CacheException(CacheError.UNAVAILABLE, "too many reads of backups queued; retry", failure)
                : HazelcastFutures.translate(failure);
    }

    /**
     * Reads through IMap.get, for read-from-backup caches: it answers from this node's backup
     * copy when it has one, else asks the owner; it blocks, so it runs on a worker.
     */
    private Future<Lookup> readLocalCopy(CacheCatalog.Cache target, byte[] key) {
        return vertx.executeBlocking(() -> target.map().get(key), false)
                .recover(error -> Future.failedFuture(HazelcastFutures.translate(error)))
                .map(stored -> flagLoss(target, key, StoredEntry.toLookup(stored, System.currentTimeMillis())));
    }

    /** A miss on a key whose partition recently lost all its copies is not an ordinary miss. */
    private Lookup flagLoss(CacheCatalog.Cache cache, byte[] key, Lookup lookup) {
        return !lookup.found()
                && lostPartitions.recentlyLost(cache.settings().name(), slotPartitions.partitionOfKey(key))
                ? Lookup.POSSIBLY_LOST_MISS : lookup;
    }

    private boolean ownsLocally(byte[] key) {
        return slotPartitions.ownedLocally(key);
    }

    @Override
    public Future<WriteResult> put(String cache, byte[] key, byte[] value, long ttlMs, WriteCondition condition,
                                   long expectedVersion) {
        return onOwner(cache, key, () -> {
            limits.checkValue(value);
            limits.checkTtl(ttlMs);
            limits.checkCondition(condition, expectedVersion);
        }, target -> new PutProcessor(value, target.effectiveTtlMs(ttlMs), condition, expectedVersion,
                target.capacity())).map(WriteResult::decode);
    }

    @Override
    public Future<Boolean> delete(String cache, byte[] key, long expectedVersion) {
        return onOwner(cache, key, () -> limits.checkCondition(WriteCondition.ALWAYS, expectedVersion),
                target -> new DeleteProcessor(expectedVersion));
    }

    @Override
    public Future<Counter> increment(String cache, byte[] key, long delta, long initial, long ttlMs) {
        return onOwner(cache, key, () -> limits.checkTtl(ttlMs), target -> new IncrementProcessor(delta, initial, ttlMs,
                target.settings().defaultTtl().toMillis(), target.capacity()))
                .compose(HazelcastCacheStore::toCounter);
    }

    @Override
    public Future<Boolean> touch(String cache, byte[] key, long ttlMs) {
        return onOwner(cache, key, () -> limits.checkTtl(ttlMs), target -> new TouchProcessor(ttlMs));
    }

    @Override
    public Future<List<Lookup>> getMany(String cache, List<byte[]> keys) {
        Batch batch;
        try {
            batch = admitBatch(cache, keys);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        CacheCatalog.Cache target = batch.target();
        // Keys this node owns are read in place; the others' owners are asked in one call.
        Map<ByteBuffer, Lookup> inPlace = new HashMap<>();
        Set<byte[]> elsewhere = new HashSet<>();
        long now = System.currentTimeMillis();
        batch.distinct().forEach((content, key) -> {
            Lookup owned = target.readsInPlace()
                    ? localCopies.readAsOwner(target.map().getName(), key, now, writesInFlight::any) : null;
            if (owned != null) {
                inPlace.put(content, owned);
            } else {
                elsewhere.add(key);
            }
        });
        Future<Map<byte[], byte[]>> asked = elsewhere.isEmpty() ? Future.succeededFuture(Map.of())
                : HazelcastFutures.read(() -> target.map().submitToKeys(elsewhere, ReadProcessor.INSTANCE),
                        vertx.getOrCreateContext());
        return asked.map(answers -> {
            Map<ByteBuffer, byte[]> byContent = new HashMap<>(answers.size() * 2);
            answers.forEach((key, answer) -> byContent.put(ByteBuffer.wrap(key), answer));
            List<Lookup> lookups = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                ByteBuffer content = ByteBuffer.wrap(key);
                Lookup lookup = inPlace.get(content);
                lookups.add(flagLoss(target, key,
                        lookup != null ? lookup : StoredEntry.fromOwnerAnswer(byContent.get(content))));
            }
            return lookups;
        });
    }

    @Override
    public Future<List<Long>> putMany(String cache, List<byte[]> keys, List<byte[]> values, long ttlMs) {
        CacheCatalog.Cache target;
        Map<Integer, Map<ByteBuffer, byte[]>> byPartition = new HashMap<>();
        try {
            target = admit(cache, () -> {
                limits.checkBatch(keys.size());
                limits.checkTtl(ttlMs);
                for (int i = 0; i < keys.size(); i++) {
                    byte[] key = keys.get(i);
                    checkKey(key);
                    limits.checkValue(values.get(i));
                    Map<ByteBuffer, byte[]> group = byPartition.computeIfAbsent(slotPartitions.partitionOfKey(key),
                            partition -> new HashMap<>());
                    if (group.put(ByteBuffer.wrap(key), values.get(i)) != null) {
                        throw new CacheException(CacheError.INVALID_ARGUMENT, "key #" + i + " appears twice in the batch");
                    }
                }
            });
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        // One call per partition, all at once: each processor then serves exactly one partition.
        List<Future<Map<byte[], Long>>> parts = new ArrayList<>(byPartition.size());
        for (Map.Entry<Integer, Map<ByteBuffer, byte[]>> partitionGroup : byPartition.entrySet()) {
            int partition = partitionGroup.getKey();
            Map<ByteBuffer, byte[]> group = partitionGroup.getValue();
            Set<byte[]> groupKeys = Set.copyOf(group.keySet().stream().map(ByteBuffer::array).toList());
            PutManyProcessor put = new PutManyProcessor(group, target.effectiveTtlMs(ttlMs), target.capacity());
            writesInFlight.begin(partition);
            parts.add(HazelcastFutures.call(() -> target.map().submitToKeys(groupKeys, put), vertx.getOrCreateContext())
                    .onComplete(done -> writesInFlight.end(partition)));
        }
        return Future.all(parts).map(done -> {
            Map<ByteBuffer, Long> versions = new HashMap<>(keys.size() * 2);
            parts.forEach(part -> part.result().forEach((key, version) -> versions.put(ByteBuffer.wrap(key), version)));
            if (versions.containsValue(WriteResult.FULL)) {
                throw new CacheException(CacheError.RESOURCE_EXHAUSTED, "some keys' owners are full (the cache's size limit "
                        + "with eviction NONE, or the node's heap limit); the other entries were written");
            }
            return keys.stream().map(key -> versions.get(ByteBuffer.wrap(key))).toList();
        });
    }

    @Override
    public Future<Long> deleteMany(String cache, List<byte[]> keys) {
        Set<Integer> partitions = new HashSet<>();
        for (byte[] key : keys) {
            if (key != null && key.length > 0) {
                partitions.add(slotPartitions.partitionOfKey(key));
            }
        }
        partitions.forEach(writesInFlight::begin);
        return onOwners(cache, keys, (map, distinct) -> map.submitToKeys(distinct, RemoveProcessor.INSTANCE))
                .onComplete(done -> partitions.forEach(writesInFlight::end))
                .map(removed -> removed.values().stream().filter(Boolean::booleanValue).count());
    }

    @Override
    public List<CacheInfo> describeCaches() {
        List<CacheInfo> infos = new ArrayList<>();
        for (CacheCatalog.Cache cache : caches.all()) {
            LocalMapStats stats = cache.map().getLocalMapStats();
            infos.add(new CacheInfo(cache.settings(), stats.getOwnedEntryCount(), stats.getBackupEntryCount(),
                    stats.getOwnedEntryMemoryCost(), stats.getHits(), stats.getGetOperationCount(),
                    stats.getPutOperationCount() + stats.getSetOperationCount(), stats.getRemoveOperationCount(),
                    stats.getEvictionCount(), stats.getExpirationCount()));
        }
        return infos;
    }

    /**
     * Validates a batch, then runs one multi-key call over its distinct keys; Hazelcast splits
     * it by owner and runs the parts in parallel. Answers keyed by key content. Used by
     * DeleteMany; GetMany reads the keys this node owns in place and asks for the rest itself.
     */
    private <T> Future<Map<ByteBuffer, T>> onOwners(
            String cache, List<byte[]> keys,
            BiFunction<IMap<byte[], byte[]>, Set<byte[]>, CompletionStage<Map<byte[], T>>> call) {
        Batch batch;
        try {
            batch = admitBatch(cache, keys);
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        if (batch.distinct().isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Set<byte[]> distinctKeys = Set.copyOf(batch.distinct().values());
        Supplier<CompletionStage<Map<byte[], T>>> invocation = () -> call.apply(batch.target().map(), distinctKeys);
        Future<Map<byte[], T>> answers = HazelcastFutures.call(invocation, vertx.getOrCreateContext());
        return answers.map(results -> {
            Map<ByteBuffer, T> byContent = new HashMap<>(results.size() * 2);
            results.forEach((key, value) -> byContent.put(ByteBuffer.wrap(key), value));
            return byContent;
        });
    }

    /** A validated batch: its cache, and its keys once each, by content, in request order. */
    private record Batch(CacheCatalog.Cache target, Map<ByteBuffer, byte[]> distinct) {
    }

    private Batch admitBatch(String cache, List<byte[]> keys) {
        Map<ByteBuffer, byte[]> distinct = new LinkedHashMap<>();
        CacheCatalog.Cache target = admit(cache, () -> {
            limits.checkBatch(keys.size());
            for (byte[] key : keys) {
                checkKey(key);
                distinct.putIfAbsent(ByteBuffer.wrap(key), key);
            }
        });
        return new Batch(target, distinct);
    }

    /** Validates, then runs {@code processor} on the key's owner; answers on the caller's context. */
    private <T> Future<T> onOwner(String cache, byte[] key, Runnable moreChecks,
                                  Function<CacheCatalog.Cache, EntryProcessor<byte[], byte[], T>> processor) {
        CacheCatalog.Cache target;
        try {
            target = admit(cache, () -> {
                checkKey(key);
                moreChecks.run();
            });
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        EntryProcessor<byte[], byte[], T> operation = processor.apply(target);
        int partition = slotPartitions.partitionOfKey(key);
        writesInFlight.begin(partition);
        return HazelcastFutures.call(() -> target.map().submitToKey(key, operation), vertx.getOrCreateContext())
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
        if (outcome[0] == IncrementProcessor.OVERFLOW) {
            return Future.failedFuture(new CacheException(CacheError.FAILED_PRECONDITION,
                    "the increment would overflow int64 (current value " + outcome[1] + ")"));
        }
        return Future.succeededFuture(new Counter(outcome[1], outcome[2]));
    }

    /** The key meets the limits, and its owner is not known to be unresponsive. */
    private void checkKey(byte[] key) {
        limits.checkKey(key);
        Member silent = silentOwners.silentOwnerOf(key);
        if (silent != null) {
            throw ownerSilentError(silent);
        }
    }

    private CacheException ownerSilentError(Member silent) {
        return new CacheException(CacheError.UNAVAILABLE, "the key's owner "
                + silent.getAddress() + " has sent no heartbeat for over "
                + silentOwners.silenceMs() + " ms (paused or cut off); retry, on this or any node, until the "
                + "cluster has replaced it");
    }

    /**
     * The one gate every operation passes: the node serves, the request meets its limits, the
     * cache exists. Throws {@link CacheException}; callers turn it into a failed future.
     */
    private CacheCatalog.Cache admit(String cache, Runnable checks) {
        if (!readiness.isReady()) {
            throw new CacheException(CacheError.UNAVAILABLE, "node not ready: " + readiness.reason());
        }
        checks.run();
        return caches.cache(cache);
    }
}
