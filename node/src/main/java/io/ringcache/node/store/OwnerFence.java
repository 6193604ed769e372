package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lost-partition fence checked again where a write is applied, on the key's owner. The
 * node that takes a request checks the fence before it sends the write, but Hazelcast may hold
 * the write and retry it while the members that held the partition leave; it then lands on the
 * partition's new owner, which starts empty when no copy survived. Checked here, such a write
 * is refused unapplied instead of becoming version 1 of a key that had later ones. Installed in
 * the member's user context, where entry processors find it; only caches with a
 * {@code lost-partition-fence} pay for the check.
 */
final class OwnerFence {

    static final String CONTEXT_KEY = "ringcache.owner-fence";

    private final PartitionLosses losses;
    private final Map<String, CacheSettings> fencedCaches;
    private final SlotLayout layout;

    OwnerFence(PartitionLosses losses, Collection<CacheSettings> caches, SlotLayout layout) {
        this.losses = losses;
        this.fencedCaches = caches.stream().filter(CacheSettings::fencesLostPartitions)
                .collect(Collectors.toUnmodifiableMap(CacheSettings::name, Function.identity()));
        this.layout = layout;
    }

    void install(HazelcastInstance hazelcast) {
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
    }

    /**
     * On the owner, before a write to {@code key} of {@code cache} is applied: refuses it ("node
     * not ready", nothing written) while its partition is fenced.
     */
    static void check(HazelcastInstance hazelcast, String cache, byte[] key) {
        OwnerFence fence = hazelcast == null ? null : (OwnerFence) hazelcast.getUserContext().get(CONTEXT_KEY);
        if (fence == null) {
            return;
        }
        CacheSettings settings = fence.fencedCaches.get(cache);
        if (settings != null) {
            fence.losses.refuseIfFenced(settings, fence.layout.partitionOf(Slots.slot(key)));
        }
    }
}
