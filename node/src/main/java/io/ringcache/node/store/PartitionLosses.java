package io.ringcache.node.store;

import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cluster.CrashedCopies;
import io.ringcache.node.cluster.LostPartitions;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.Route;

/**
 * What a cache does with a key whose partition recently lost every copy: during the cache's
 * {@code lost-partition-fence} it refuses the key, reads and writes alike, so that the copies a
 * healing split still holds merge back into an untouched partition; after it (or without one) a
 * miss on the key is flagged {@code possibly_lost}, not answered as an ordinary miss.
 */
final class PartitionLosses {

    private final LostPartitions lost;
    private final CrashedCopies crashed;

    PartitionLosses(LostPartitions lost, CrashedCopies crashed) {
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

    /**
     * Throws a "node not ready" refusal (nothing read or written, safe to send again) when the
     * route's partition lost every copy within the cache's fence.
     */
    void refuseIfFenced(CacheCatalog.Cache cache, Route route) {
        refuseIfFenced(cache.settings(), route.partition());
    }

    /** As {@link #refuseIfFenced(CacheCatalog.Cache, Route)}, for a partition of the cache {@code settings} describe. */
    void refuseIfFenced(CacheSettings settings, int partition) {
        if (!settings.fencesLostPartitions()) {
            return;
        }
        if (crashed.lostNow(settings.name(), partition)
                || lost.lostWithin(settings.name(), partition, settings.lostPartitionFence())) {
            throw CacheException.notServing("node not ready: partition " + partition + " of cache '"
                    + settings.name() + "' lost every copy (more members failed at once than the cache has "
                    + "backups); its keys are refused for the cache's lost-partition-fence ("
                    + settings.lostPartitionFence().toSeconds() + " s) so that a healing split can merge its "
                    + "copies back first; nothing was read or written");
        }
    }
}
