package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;

import java.util.function.BooleanSupplier;

/**
 * The owner's right to apply a write: held only while this member hears a majority (its
 * split-brain quorum, re-read from heartbeat ages at most every 100 ms) and Hazelcast's member
 * view, as it stands that instant, is a majority too (see {@code ClusterQuorum.ownerLeaseHeld}).
 * Requests are admitted
 * on the same condition, but a write can wait on the owner's partition thread, or come from
 * another member, after the quorum is gone; checked again where the write is applied, a member
 * cut off from the majority applies nothing once it has gone half the member timeout without
 * hearing it, while the majority takes its partitions over only after a whole member timeout
 * of silence. Installed in the member's user context, where entry processors find it.
 *
 * <p>A {@code linearizable-reads} cache asks more of its owners, for reads and writes alike:
 * they must also hear the coordinator. A member cut off one way (it hears the majority, the
 * coordinator does not reach it) keeps its quorum, but not its partition table: the coordinator
 * may already have moved a partition's backup elsewhere, and an owner that kept writing to the
 * old backup would acknowledge writes the new one never gets. The coordinator's heartbeats carry
 * no table, but a member that hears them is reached by the coordinator's table updates too.
 */
final class OwnerLease {

    static final String CONTEXT_KEY = "ringcache.owner-lease";

    private final BooleanSupplier held;
    private final BooleanSupplier hearsCoordinator;

    /**
     * @param held             whether this member hears a majority now, in a majority view
     * @param hearsCoordinator whether this member has heard the coordinator within half the member timeout
     */
    OwnerLease(BooleanSupplier held, BooleanSupplier hearsCoordinator) {
        this.held = held;
        this.hearsCoordinator = hearsCoordinator;
    }

    void install(HazelcastInstance hazelcast) {
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
    }

    /**
     * On the owner, before a write is applied: refuses it when the lease is gone. The refusal
     * comes before any change, so the caller may send the write again (the message starts with
     * "node not ready", which clients take for "not applied").
     */
    static void check(HazelcastInstance hazelcast) {
        OwnerLease lease = of(hazelcast);
        if (lease != null && !lease.held.getAsBoolean()) {
            throw new CacheException(CacheError.UNAVAILABLE,
                    "node not ready: the key's owner no longer hears a majority of the cluster; nothing was written");
        }
    }

    /**
     * On the owner, before anything is read or applied in a {@code linearizable-reads} cache:
     * {@link #check}, and the coordinator heard. Refuses before any change, as {@link #check} does.
     */
    static void checkLinearizable(HazelcastInstance hazelcast) {
        check(hazelcast);
        OwnerLease lease = of(hazelcast);
        if (lease != null && !lease.hearsCoordinator.getAsBoolean()) {
            throw new CacheException(CacheError.UNAVAILABLE, "node not ready: the key's owner has not heard the "
                    + "cluster's coordinator for half the member timeout, so its partition table may be out of date; "
                    + "nothing was read or written");
        }
    }

    private static OwnerLease of(HazelcastInstance hazelcast) {
        return hazelcast == null ? null : (OwnerLease) hazelcast.getUserContext().get(CONTEXT_KEY);
    }
}
