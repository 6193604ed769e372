package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.ringcache.node.routing.SlotLayout;
import io.ringcache.node.routing.Slots;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps this node's {@link TopologySnapshot} current: recomputed after membership changes and
 * migrations, and on {@link #refresh()} (a periodic safety net), and published to watchers
 * only when its epoch changes. Reading the partition table is local and cheap, but a member's
 * arrival or departure moves hundreds of replicas one event each: the events of a burst are
 * coalesced into one recomputation per {@link #COALESCE_MS}, so watchers (clients' topology
 * streams, the console) get a few updates per migration round, not one per replica. A reader
 * asking meanwhile gets the snapshot recomputed at once.
 */
public final class TopologyView implements TopologySource {

    /** How long after the first event of a burst the snapshot is recomputed. */
    static final long COALESCE_MS = 100;

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final HazelcastInternals internals;
    private final SlotLayout layout;
    private final int backupsPerSlot;
    private final AtomicReference<TopologySnapshot> current = new AtomicReference<>();
    private final List<Consumer<TopologySnapshot>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();

    /** @param vertx runs the coalesced recomputations (on an event loop: they take well under a millisecond) */
    public TopologyView(Vertx vertx, HazelcastInstance hazelcast, SlotLayout layout, int backupsPerSlot) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        // Backups are only in Hazelcast's internal partition table; the public API names owners.
        this.internals = HazelcastInternals.of(hazelcast);
        this.layout = layout;
        this.backupsPerSlot = backupsPerSlot;
        // Hazelcast assigns partitions lazily, on first use; asking for an owner assigns them, so
        // the topology names owners before the first write. (Blocks briefly: built off the event loop.)
        hazelcast.getPartitionService().getPartition(0).getOwner();
        refresh();
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                refreshSoon();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                refreshSoon();
            }
        });
        hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
                // ownership changes as each replica migration completes
            }

            @Override
            public void migrationFinished(MigrationState state) {
                refreshSoon();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                refreshSoon();
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                refreshSoon();
            }
        });
    }

    /** The snapshot, recomputed first if an event is waiting for its coalesced refresh: never staler than the events. */
    @Override
    public TopologySnapshot current() {
        if (refreshScheduled.get()) {
            refresh();
        }
        return current.get();
    }

    @Override
    public Runnable watch(Consumer<TopologySnapshot> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Recomputes the snapshot soon, once for every event until then. */
    private void refreshSoon() {
        if (refreshScheduled.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE_MS, id -> {
                refreshScheduled.set(false);
                refresh();
            });
        }
    }

    /** Recomputes the snapshot; publishes it if the epoch changed. */
    public synchronized void refresh() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        TopologySnapshot fresh = compute();
        TopologySnapshot previous = current.getAndUpdate(old -> old != null && old.epoch() == fresh.epoch() ? old : fresh);
        if (previous == null || previous.epoch() != fresh.epoch()) {
            watchers.forEach(watcher -> watcher.accept(fresh));
        }
    }

    private TopologySnapshot compute() {
        List<Member> members = new ArrayList<>(hazelcast.getCluster().getMembers());
        Member local = hazelcast.getCluster().getLocalMember();
        Map<UUID, Integer> indexOf = new HashMap<>();
        List<TopologySnapshot.MemberEndpoints> endpoints = new ArrayList<>(members.size());
        long epoch = 0xcbf29ce484222325L;
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            indexOf.put(member.getUuid(), i);
            endpoints.add(endpoints(member));
            epoch = mix(epoch, member.getUuid().getMostSignificantBits());
            epoch = mix(epoch, member.getUuid().getLeastSignificantBits());
        }

        int partitionCount = hazelcast.getPartitionService().getPartitions().size();
        int[] partitionReplicas = new int[partitionCount * (1 + backupsPerSlot)];
        int[] owned = new int[members.size()];
        int[] backed = new int[members.size()];
        for (int partition = 0; partition < partitionCount; partition++) {
            for (int r = 0; r <= backupsPerSlot; r++) {
                UUID replica = internals.replicaOf(partition, r);
                int index = replica == null ? -1 : indexOf.getOrDefault(replica, -1);
                partitionReplicas[partition * (1 + backupsPerSlot) + r] = index;
                if (index >= 0) {
                    (r == 0 ? owned : backed)[index]++;
                }
                epoch = mix(epoch, index);
            }
        }

        int[] slotOwners = new int[Slots.COUNT];
        int[] slotBackups = new int[Slots.COUNT * backupsPerSlot];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            int base = layout.partitionOf(slot) * (1 + backupsPerSlot);
            slotOwners[slot] = partitionReplicas[base];
            System.arraycopy(partitionReplicas, base + 1, slotBackups, slot * backupsPerSlot, backupsPerSlot);
        }
        return new TopologySnapshot(epoch, List.copyOf(endpoints), indexOf.get(local.getUuid()), slotOwners,
                backupsPerSlot, slotBackups, owned, backed,
                slotRanges(layout, partitionReplicas, backupsPerSlot));
    }

    /**
     * Each partition's slot range with its replicas, in slot order (the layout gives partitions
     * ascending ranges), a partition whose replicas equal its predecessor's joining that range.
     *
     * @param partitionReplicas partition-major: owner, then each backup (-1 where none)
     */
    static List<TopologySnapshot.SlotRange> slotRanges(SlotLayout layout, int[] partitionReplicas,
                                                       int backupsPerSlot) {
        int stride = 1 + backupsPerSlot;
        List<TopologySnapshot.SlotRange> ranges = new ArrayList<>();
        int runStart = 0;
        for (int partition = 1; partition <= layout.partitionCount(); partition++) {
            if (partition == layout.partitionCount() || !Arrays.equals(partitionReplicas, runStart * stride,
                    (runStart + 1) * stride, partitionReplicas, partition * stride, (partition + 1) * stride)) {
                int base = runStart * stride;
                ranges.add(new TopologySnapshot.SlotRange(layout.firstSlot(runStart), layout.lastSlot(partition - 1),
                        partitionReplicas[base], Arrays.copyOfRange(partitionReplicas, base + 1, base + stride)));
                runStart = partition;
            }
        }
        return List.copyOf(ranges);
    }

    private static TopologySnapshot.MemberEndpoints endpoints(Member member) {
        String clientHost = member.getAttribute(MemberConfigFactory.CLIENT_HOST_ATTRIBUTE);
        String advertised = member.getAttribute(MemberConfigFactory.ADVERTISE_HOST_ATTRIBUTE);
        String host = clientHost != null ? clientHost : advertised != null ? advertised : member.getAddress().getHost();
        String grpc = host + ":" + member.getAttribute(MemberConfigFactory.GRPC_PORT_ATTRIBUTE);
        String http = host + ":" + member.getAttribute(MemberConfigFactory.HTTP_PORT_ATTRIBUTE);
        Map<String, String> byName = new TreeMap<>();
        String prefix = MemberConfigFactory.ENDPOINT_ATTRIBUTE_PREFIX;
        member.getAttributes().forEach((attribute, port) -> {
            if (attribute.startsWith(prefix)) {
                byName.put(attribute.substring(prefix.length()), host + ":" + port);
            }
        });
        if (byName.isEmpty()) {
            // A member of an older version, during a rolling upgrade: it only published these two.
            byName.put("grpc", grpc);
            byName.put("http", http);
        }
        return new TopologySnapshot.MemberEndpoints(member.getUuid().toString(), grpc, http,
                Collections.unmodifiableMap(byName));
    }

    /** FNV-1a style mixing of a long into the running fingerprint. */
    private static long mix(long hash, long value) {
        long h = hash;
        for (int i = 0; i < 8; i++) {
            h ^= (value >>> (i * 8)) & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
