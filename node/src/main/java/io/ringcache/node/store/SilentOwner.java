package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.routing.Route;

/** The refusal for a key whose owner has gone silent (see {@code cluster.SilentOwners}). */
final class SilentOwner {

    private final long silenceMs;

    SilentOwner(long silenceMs) {
        this.silenceMs = silenceMs;
    }

    CacheException error(Route route) {
        // "node not ready": refused before anything was sent to the owner, so any call may be sent again.
        return new CacheException(CacheError.UNAVAILABLE, "node not ready: the key's owner "
                + route.owner().address() + " has sent no heartbeat for over "
                + silenceMs + " ms (paused or cut off); nothing was read or written; retry, on this or any node, "
                + "until the cluster has replaced it");
    }

    /** Throws when the route's owner is silent: writes and batches are refused at once. */
    void refuseIfSilent(Route route) {
        if (route.ownerSilent()) {
            throw error(route);
        }
    }
}
