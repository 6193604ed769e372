package io.ringcache.node.store;

import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.HazelcastInternals;
import io.ringcache.node.routing.Route;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Single-key reads, by the cheapest path that answers as the owner would: from a backup copy
 * while the owner is silent (refused instead in a linearizable-reads cache); in place when this node owns the key; from this node's backup copy
 * for read-from-backup caches; else through an operation on the owner (which, in a
 * linearizable-reads cache, answers only once the key's backups have confirmed it).
 */
final class KeyReads {

    private final Vertx vertx;
    private final KeyPlacement placement;
    private final LocalCopies copies;
    private final BackupCopyReads backupCopies;
    private final WritesInFlight writesInFlight;
    private final PartitionLosses losses;
    private final SilentOwner silentOwner;

    KeyReads(Vertx vertx, KeyPlacement placement, LocalCopies copies, BackupCopyReads backupCopies,
             WritesInFlight writesInFlight, PartitionLosses losses, SilentOwner silentOwner) {
        this.vertx = vertx;
        this.placement = placement;
        this.copies = copies;
        this.backupCopies = backupCopies;
        this.writesInFlight = writesInFlight;
        this.losses = losses;
        this.silentOwner = silentOwner;
    }

    Future<Lookup> get(CacheCatalog.Cache target, CacheKey key, Route route) {
        Context context = vertx.getOrCreateContext();
        Object keyData = placement.keyData(key.bytes(), route);
        if (route.ownerSilent()) {
            if (target.settings().linearizableReads()) {
                // A backup copy can lack writes its owner applied but could not confirm (the
                // owner cut off from this backup), which a confirmed read elsewhere may already
                // have answered once the partition was backed up anew: refused, as writes are.
                return Future.failedFuture(silentOwner.error(route));
            }
            return backupCopies.read(target, key.bytes(), keyData, route, context)
                    .map(lookup -> answered(target, route, lookup));
        }
        if (target.readsInPlace()) {
            Lookup owned = copies.readAsOwner(target.map().getName(), keyData, route.partition(),
                    System.currentTimeMillis(), writesInFlight::any);
            if (owned != null) {
                return Future.succeededFuture(losses.flag(target, route, owned));
            }
        }
        if (target.settings().readFromBackup() && !route.local()) {
            return readThroughLocalCopy(target, keyData, route);
        }
        return HazelcastFutures.read(() -> HazelcastInternals.submitToKey(target.map(), keyData, target.reader()),
                        context)
                .map(answer -> answered(target, route, StoredEntry.fromOwnerAnswer(answer)));
    }

    /**
     * A read that went to another member, once answered: Hazelcast may have retried it onto the
     * partition's new owner after every copy was lost (empty), so the fence is checked again.
     */
    private Lookup answered(CacheCatalog.Cache target, Route route, Lookup lookup) {
        losses.refuseIfFenced(target, route);
        return losses.flag(target, route, lookup);
    }

    /**
     * Reads through IMap.get, for read-from-backup caches: it answers from this node's backup
     * copy when it has one, else asks the owner; it blocks, so it runs on a worker.
     */
    private Future<Lookup> readThroughLocalCopy(CacheCatalog.Cache target, Object keyData, Route route) {
        // IMap.get takes any key object; the pre-placed form spares Hazelcast hashing the key again.
        return vertx.executeBlocking(() -> HazelcastInternals.get(target.map(), keyData), false)
                .recover(error -> Future.failedFuture(HazelcastFutures.translate(error)))
                .map(stored -> losses.flag(target, route, StoredEntry.toLookup(stored, System.currentTimeMillis())));
    }
}
