package io.ringcache.node.store;

import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.routing.Route;

/** A miss on a key whose partition recently lost all its copies is not an ordinary miss. */
final class LossFlags {

    private final LostPartitions lost;

    LossFlags(LostPartitions lost) {
        this.lost = lost;
    }

    Lookup flag(CacheCatalog.Cache cache, Route route, Lookup lookup) {
        return !lookup.found() && lost.recentlyLost(cache.settings().name(), route.partition())
                ? Lookup.POSSIBLY_LOST_MISS : lookup;
    }
}
