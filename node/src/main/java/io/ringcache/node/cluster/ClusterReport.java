package io.ringcache.node.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;

/**
 * The cluster as this node sees it, for {@code GET /v1/cluster}: its members with their client
 * endpoints (also all of them by endpoint name) and partition shares, partition migrations, the
 * caches the members do not declare alike (empty when they agree), the topology epoch (the same fingerprint the Topology RPC carries: equal epochs, equal routing),
 * and the slots' owners and backups as ranges (indexes into {@code members}).
 */
public final class ClusterReport {

    private final String clusterName;
    private final TopologySource topology;
    private final MigrationCounts migrations;
    private final CacheAgreement caches;

    public ClusterReport(String clusterName, TopologySource topology, MigrationCounts migrations,
                         CacheAgreement caches) {
        this.clusterName = clusterName;
        this.topology = topology;
        this.migrations = migrations;
        this.caches = caches;
    }

    public JsonObject toJson() {
        TopologySnapshot snapshot = topology.current();
        JsonArray members = new JsonArray();
        for (int i = 0; i < snapshot.members().size(); i++) {
            TopologySnapshot.MemberEndpoints member = snapshot.members().get(i);
            members.add(new JsonObject()
                    .put("id", member.id())
                    .put("grpc", member.grpcAddress())
                    .put("http", member.httpAddress())
                    .put("endpoints", new JsonObject(new LinkedHashMap<String, Object>(member.endpoints())))
                    .put("local", i == snapshot.localIndex())
                    .put("partitions_owned", snapshot.partitionsOwned()[i])
                    .put("partitions_backed_up", snapshot.partitionsBacked()[i]));
        }
        return new JsonObject()
                .put("cluster_name", clusterName)
                .put("epoch", Long.toString(snapshot.epoch()))
                .put("backups", snapshot.backupsPerSlot())
                .put("members", members)
                .put("migrations", new JsonObject()
                        .put("in_progress", migrations.inProgress())
                        .put("completed", migrations.completed())
                        .put("failed", migrations.failed()))
                .put("cache_mismatch", new JsonArray(caches.mismatches().stream()
                        .map(CacheDeclarations.Mismatch::toJson).toList()))
                .put("slots", slots(snapshot));
    }

    /** Slot ranges as {@code [first, last, owner index, backup indexes...]}: a few hundred numbers for 16384 slots. */
    private static JsonArray slots(TopologySnapshot snapshot) {
        JsonArray ranges = new JsonArray();
        for (TopologySnapshot.SlotRange range : snapshot.slotRanges()) {
            JsonArray row = new JsonArray().add(range.firstSlot()).add(range.lastSlot()).add(range.owner());
            for (int backup : range.backups()) {
                row.add(backup);
            }
            ranges.add(row);
        }
        return ranges;
    }
}
