package io.ringcache.node.store;

import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.HazelcastInternals;

import java.util.function.IntPredicate;

/**
 * Reads the copy of a key this member holds, and nothing else: no call to the owner, ever.
 * (IMap.get with read-backup-data asks the owner on a local miss, which is exactly what must
 * not happen while the owner is silent.) Hazelcast's public API has no such read, so this goes
 * to the partition's record store through {@link HazelcastInternals}, as IMap.get's own
 * local-backup read does; it does not wait, so it may run on any thread.
 */
final class LocalCopies {

    private final HazelcastInternals internals;

    LocalCopies(HazelcastInternals internals) {
        this.internals = internals;
    }

    /**
     * The owner's read, done in place: when this member owns the partition and no migration
     * touches this member, its copy is the primary, the very record the partition thread
     * writes, so reading it here answers as the owner would without queueing an operation and
     * hopping threads twice. Returns null when this member is not (or stops being, mid-read) the
     * owner, or while {@code writing} says this node has a write to the partition on its way:
     * the caller then asks the owner, whose queue puts the read behind that write.
     */
    Lookup readAsOwner(String mapName, Object keyData, int partition, long nowMillis, IntPredicate writing) {
        if (internals.migrationRunningHere()) {
            return null;
        }
        long stamp = internals.partitionStateStamp();
        if (!internals.ownsPartition(partition) || writing.test(partition)) {
            return null;
        }
        byte[] stored = internals.readLocalCopy(mapName, keyData, partition);
        // The table moved, or a migration began, while reading: the copy may be going away.
        if (internals.partitionStateStamp() != stamp || internals.migrationRunningHere()) {
            return null;
        }
        return StoredEntry.toLookup(stored, nowMillis);
    }

    /** This member's copy of the key (stored layout); null when it has none. */
    byte[] read(String mapName, Object keyData, int partition) {
        return internals.readLocalCopy(mapName, keyData, partition);
    }

    /** As {@link #read(String, Object, int)}, for a key and partition that arrived from another member. */
    byte[] read(String mapName, byte[] key, int partition) {
        Object keyData = internals.keyData(key, HazelcastInternals.partitionKeyOf(partition, internals.partitionCount()));
        return internals.readLocalCopy(mapName, keyData, partition);
    }
}
