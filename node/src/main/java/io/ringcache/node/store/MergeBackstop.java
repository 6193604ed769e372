package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.HazelcastInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * After this member merges back into the larger cluster, sends once more the entries of the
 * partitions its side alone held (the ones the larger side lost), put-if-absent as the
 * {@code put-if-absent} merge policy does.
 *
 * <p>Hazelcast's own merge sends them first, but its map merge gives up at the first merge
 * operation that fails, and every entry not yet sent is dropped with the member's old data. With
 * {@code fail.on.indeterminate.state} (see {@code MemberConfigFactory}) a merge operation fails
 * when its backup is not confirmed within the backup timeout, which the merge's own migrations
 * make likely: in a one-way cut run here, one failed at the 12th try on a migrating partition,
 * and three acknowledged writes stayed unreadable after the heal. The copies are taken as the
 * merge starts, before Hazelcast resets this member's data; they are references to the stored
 * forms, not copies of the bytes. The larger side fences these partitions in caches with a
 * {@code lost-partition-fence}, so what is re-sent lands before anyone reads or writes there.
 */
final class MergeBackstop implements CrashedCopies.MergeBackListener {

    private static final Logger LOG = LoggerFactory.getLogger(MergeBackstop.class);
    /** How long a re-send keeps retrying entries that fail (members still joining, migrations). */
    static final long RESEND_BOUND_MS = 120_000;
    static final long RETRY_PAUSE_MS = 250;

    /** This member's entries of a cache's partition, as {@link HazelcastInternals#forEachLocalEntry} reads them. */
    @FunctionalInterface
    interface LocalEntries {
        void forEach(String cache, int partition, HazelcastInternals.LocalEntry consumer);
    }

    /** Writes one entry unless its key is present; true when it wrote. May block; may throw. */
    @FunctionalInterface
    interface Sender {
        boolean putIfAbsent(String cache, Object keyData, Object valueData, long ttlMs);
    }

    /** One entry taken as the merge started. */
    record Copy(String cache, Object keyData, Object valueData, long expiresAtMillis) {
    }

    /** What one re-send did, for the log and the tests. */
    record Outcome(int restored, int present, int expired, int failed) {
    }

    private final LocalEntries local;
    private final IntPredicate ownsPartition;
    private final Sender sender;
    private final LongSupplier clock;
    private final Runnable retryPause;
    private volatile List<Copy> taken = List.of();

    /**
     * @param ownsPartition whether this member owns a partition (asked as the merge starts, of
     *                      its own side's table)
     * @param clock         epoch milliseconds, for the entries' remaining time to live
     * @param retryPause    waits between two tries of an entry that failed
     */
    MergeBackstop(LocalEntries local, IntPredicate ownsPartition, Sender sender, LongSupplier clock,
                  Runnable retryPause) {
        this.local = local;
        this.ownsPartition = ownsPartition;
        this.sender = sender;
        this.clock = clock;
        this.retryPause = retryPause;
    }

    /** The entries taken as the last merge started, not yet handed to a re-send. */
    List<Copy> taken() {
        return taken;
    }

    @Override
    public void mergeStarting(Map<String, Set<Integer>> heldWholeHere) {
        List<Copy> copies = new ArrayList<>();
        int owned = 0;
        // Each such partition had every copy on this side; its owner here takes it, once.
        for (Map.Entry<String, Set<Integer>> cache : heldWholeHere.entrySet()) {
            for (int partition : cache.getValue()) {
                if (ownsPartition.test(partition)) {
                    owned++;
                    local.forEach(cache.getKey(), partition,
                            (key, value, expiresAt) -> copies.add(new Copy(cache.getKey(), key, value, expiresAt)));
                }
            }
        }
        taken = List.copyOf(copies);
        if (owned > 0) {
            LOG.info("Merge back: took {} entries of the {} partitions only this side held that this member owns, "
                    + "to send again once merged", copies.size(), owned);
        }
    }

    @Override
    public void merged() {
        List<Copy> copies = taken;
        taken = List.of();
        if (copies.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> resend(copies), "ringcache-merge-backstop");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void mergeFailed() {
        List<Copy> copies = taken;
        taken = List.of();
        if (!copies.isEmpty()) {
            LOG.warn("Merge back failed: this member did not join the larger cluster; {} entries of partitions "
                    + "only its side held are not sent", copies.size());
        }
    }

    /** Sends every copy put-if-absent, retrying failures for up to {@link #RESEND_BOUND_MS}. */
    Outcome resend(List<Copy> copies) {
        long deadline = clock.getAsLong() + RESEND_BOUND_MS;
        int restored = 0;
        int present = 0;
        int expired = 0;
        int failed = 0;
        for (Copy copy : copies) {
            Sent sent;
            try {
                sent = send(copy, deadline);
            } catch (HazelcastInstanceNotActiveException e) {
                int unsent = copies.size() - restored - present - expired - failed;
                LOG.info("Merge back: the member is stopping; {} of {} entries not re-sent", unsent, copies.size());
                return new Outcome(restored, present, expired, failed + unsent);
            }
            switch (sent) {
                case RESTORED -> restored++;
                case PRESENT -> present++;
                case EXPIRED -> expired++;
                case FAILED -> failed++;
            }
        }
        Outcome outcome = new Outcome(restored, present, expired, failed);
        if (restored > 0 || failed > 0) {
            LOG.warn("Merge back: of {} entries of partitions only this side held, {} were missing after "
                    + "Hazelcast's merge and are restored, {} were there, {} expired, {} could not be sent",
                    copies.size(), restored, present, expired, failed);
        } else {
            LOG.info("Merge back: all {} entries of partitions only this side held arrived ({} expired meanwhile)",
                    copies.size() - expired, expired);
        }
        return outcome;
    }

    private enum Sent { RESTORED, PRESENT, EXPIRED, FAILED }

    /** One copy, tried until it is sent, expires, or {@code deadline} passes; a stopping member throws. */
    private Sent send(Copy copy, long deadline) {
        boolean expires = copy.expiresAtMillis() != Long.MAX_VALUE;
        while (true) {
            long ttlMs = expires ? copy.expiresAtMillis() - clock.getAsLong() : 0;
            if (expires && ttlMs <= 0) {
                return Sent.EXPIRED;
            }
            try {
                return sender.putIfAbsent(copy.cache(), copy.keyData(), copy.valueData(), ttlMs)
                        ? Sent.RESTORED : Sent.PRESENT;
            } catch (HazelcastInstanceNotActiveException e) {
                throw e;
            } catch (RuntimeException e) {
                if (clock.getAsLong() >= deadline) {
                    return Sent.FAILED;
                }
                retryPause.run();
            }
        }
    }

    /** The production pause between two tries. */
    static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-sending merged entries", e);
        }
    }
}
