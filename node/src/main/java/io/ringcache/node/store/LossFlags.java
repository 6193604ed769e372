package io.ringcache.node.store;

import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.routing.Route;

/** A miss on a key whose partition recently lost all its copies is not an ordinary miss. */
final class LossFlags {

    private final LostPartitions lost;
    private final CrashedCopies crashed;

    LossFlags(LostPartitions lost, CrashedCopies crashed) {
        this.lost = lost;
        this.crashed = crashed;
    }

    Lookup flag(CacheCatalog.Cache cache, Route route, Lookup lookup) {
        if (lookup.found()) {
            return lookup;
        }
        String name = cache.settings().name();
        // Hazelcast's loss event may not have come yet (or at all): the crash check covers that gap.
        return lost.recentlyLost(name, route.partition()) || crashed.lostNow(name, route.partition())
                ? Lookup.POSSIBLY_LOST_MISS : lookup;
    }
}
