package io.ringcache.node.testing;

import io.ringcache.node.cache.AdmittingCacheStore;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Readiness;
import io.ringcache.node.cache.RequestLimits;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.routing.Router;
import io.ringcache.node.routing.SlotLayout;

/** Stores as a node alone serves them, for tests that need no cluster. */
public final class TestStores {

    /** Hazelcast's default partition count, which a node alone would have. */
    public static final int PARTITIONS = 271;

    private static final Readiness ALWAYS_READY = new Readiness() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public String reason() {
            return "ready";
        }
    };

    private TestStores() {
    }

    /** A readiness that never refuses. */
    public static Readiness alwaysReady() {
        return ALWAYS_READY;
    }

    /** The slot layout of {@code partitionCount} partitions, each holding one contiguous range of slots. */
    public static SlotLayout slotLayout(int partitionCount) {
        return new SlotLayout(partitionCount);
    }

    /** A router for a node alone: it owns every key. */
    public static Router singleNodeRouter() {
        return Router.singleNode(slotLayout(PARTITIONS));
    }

    /** {@code store} behind the admission a node with {@code config} applies, always ready. */
    public static CacheStore admitted(CacheStore store, NodeConfig config) {
        return admitted(store, config, ALWAYS_READY);
    }

    /** {@code store} behind the admission a node with {@code config} applies, ready when {@code readiness} says. */
    public static CacheStore admitted(CacheStore store, NodeConfig config, Readiness readiness) {
        return new AdmittingCacheStore(store, readiness, RequestLimits.of(config), config.caches().keySet());
    }
}
