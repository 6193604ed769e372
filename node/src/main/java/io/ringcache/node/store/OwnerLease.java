package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;

import java.util.function.BooleanSupplier;

/**
 * The owner's right to apply a write: held only while this member hears a majority (its
 * split-brain quorum, re-read from heartbeat ages at most every 100 ms). Requests are admitted
 * on the same condition, but a write can wait on the owner's partition thread, or come from
 * another member, after the quorum is gone; checked again where the write is applied, a member
 * cut off from the majority applies nothing once it has gone half the member timeout without
 * hearing it, while the majority takes its partitions over only after a whole member timeout
 * of silence. Installed in the member's user context, where entry processors find it.
 */
final class OwnerLease {

    static final String CONTEXT_KEY = "ringcache.owner-lease";

    private final BooleanSupplier held;

    /** @param held whether this member hears a majority now */
    OwnerLease(BooleanSupplier held) {
        this.held = held;
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
        OwnerLease lease = hazelcast == null ? null : (OwnerLease) hazelcast.getUserContext().get(CONTEXT_KEY);
        if (lease != null && !lease.held.getAsBoolean()) {
            throw new CacheException(CacheError.UNAVAILABLE,
                    "node not ready: the key's owner no longer hears a majority of the cluster; nothing was written");
        }
    }
}
