package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * A read that answers only once the key's synchronous backups have acknowledged it, for caches
 * with {@code linearizable-reads}. It changes nothing; it is not {@code ReadOnly} so that
 * Hazelcast sends it a backup ({@link NoChangeBackup}) and waits for the acknowledgement.
 *
 * <p>Why that confirms what the read saw: an owner sends a partition's backups to a backup
 * member in order, on one connection, and the backup member applies them in order on the
 * partition's thread. The acknowledgement of this read's backup therefore comes after every
 * earlier write to the partition was applied there. A value whose write the backups never
 * confirmed (its owner cut off from them) is not answered: the read fails after the backup
 * timeout instead, so no client reads a value the other side of a cut then never had.
 *
 * <p>Also the barrier after a batch write: Hazelcast sends a multi-key operation's backups
 * without waiting for them, and a confirmed read of one key of the partition afterwards waits
 * for them.
 */
final class ConfirmedRead extends StatelessProcessor {

    /** Every confirmed read is the same; members share one instance. */
    static final ConfirmedRead INSTANCE = new ConfirmedRead();

    @Override
    public byte[] process(Map.Entry<byte[], byte[]> entry) {
        return StoredEntry.toOwnerAnswer(entry.getValue(), System.currentTimeMillis());
    }

    @Override
    public EntryProcessor<byte[], byte[], byte[]> getBackupProcessor() {
        return NoChangeBackup.INSTANCE;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.CONFIRMED_READ;
    }
}
