package io.ringcache.node.store;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.routing.MemberRef;
import io.ringcache.node.routing.PartitionTable;
import io.ringcache.node.routing.Route;
import io.ringcache.node.routing.Router;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.RejectedExecutionException;

/**
 * Reads while the key's owner is silent: a synchronous backup has every acknowledged write
 * (writes are acknowledged once those backups have them), so this node's copy answers, or a
 * live backup holder's. Without a backup the read is refused as retryable.
 */
final class BackupCopyReads {

    private final HazelcastInstance hazelcast;
    private final IExecutorService backupReads;
    private final LocalCopies copies;
    private final Router router;
    private final SilentOwner silentOwner;

    BackupCopyReads(HazelcastInstance hazelcast, LocalCopies copies, Router router, SilentOwner silentOwner) {
        this.hazelcast = hazelcast;
        this.backupReads = hazelcast.getExecutorService(BackupRead.EXECUTOR);
        this.copies = copies;
        this.router = router;
        this.silentOwner = silentOwner;
    }

    /** The stored answer (owner read format) of the key's backup copy. */
    Future<Lookup> read(CacheCatalog.Cache target, byte[] key, Object keyData, Route route, Context context) {
        // Only synchronous backups are sure to hold every acknowledged write.
        int copiesKept = target.settings().backups();
        String mapName = target.map().getName();
        PartitionTable table = route.table();
        int selfIndex = table.selfReplicaIndex(route.partition());
        if (selfIndex > 0 && selfIndex <= copiesKept) {
            return Future.succeededFuture(StoredEntry.toLookup(copies.read(mapName, keyData, route.partition()),
                    System.currentTimeMillis()));
        }
        Member backup = liveBackupOf(table, route.partition(), copiesKept);
        if (backup == null) {
            return Future.failedFuture(silentOwner.error(route));
        }
        Promise<byte[]> answer = Promise.promise();
        try {
            backupReads.submitToMember(new BackupRead(mapName, key, route.partition()), backup, new ExecutionCallback<>() {
                @Override
                public void onResponse(byte[] response) {
                    context.runOnContext(ignored -> answer.complete(response));
                }

                @Override
                public void onFailure(Throwable t) {
                    context.runOnContext(ignored -> answer.fail(failure(t)));
                }
            });
        } catch (RuntimeException e) {
            return Future.failedFuture(failure(e));
        }
        return answer.future().map(StoredEntry::fromOwnerAnswer);
    }

    /**
     * A member other than this one holding one of the first {@code backups} backup copies of the
     * partition, not silent itself, first backup first; null when there is none.
     */
    private Member liveBackupOf(PartitionTable table, int partition, int backups) {
        for (int index = 1; index <= backups && index < table.replicaCount(partition); index++) {
            MemberRef replica = table.replica(partition, index);
            if (replica == null || replica.self() || router.isSilent(replica)) {
                continue;
            }
            for (Member member : hazelcast.getCluster().getMembers()) {
                if (member.getUuid().equals(replica.id())) {
                    return member;
                }
            }
        }
        return null;
    }

    private static CacheException failure(Throwable failure) {
        return failure instanceof RejectedExecutionException
                || failure.getCause() instanceof RejectedExecutionException
                ? new CacheException(CacheError.UNAVAILABLE, "too many reads of backups queued; retry", failure)
                : HazelcastFutures.translate(failure);
    }
}
