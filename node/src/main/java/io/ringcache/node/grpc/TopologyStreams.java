package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cluster.TopologySnapshot;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.proto.v1.CacheServiceGrpcService;
import io.ringcache.proto.v1.Member;
import io.ringcache.proto.v1.SlotRange;
import io.ringcache.proto.v1.TopologyRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Topology and WatchTopology: the snapshot as protobuf (built once per epoch), and server
 * streams that push every new epoch until the client cancels or the node shuts down.
 */
final class TopologyStreams {

    private record Encoded(long epoch, TopologyResponse response) {
    }

    private final TopologySource topology;
    private final AtomicReference<Encoded> encoded = new AtomicReference<>();
    private final Set<Runnable> openStreams = ConcurrentHashMap.newKeySet();

    TopologyStreams(TopologySource topology) {
        this.topology = topology;
    }

    void bind(GrpcServer server) {
        UnaryCalls.bind(server, CacheServiceGrpcService.Topology, request -> Future.succeededFuture(current()));
        server.callHandler(CacheServiceGrpcService.WatchTopology, request -> UnaryCalls.onMessage(request,
                CacheServiceGrpcService.WatchTopology,
                message -> new Watch(Vertx.currentContext(), request.response()).start(request)));
    }

    /**
     * One client's watch. It always sends the latest snapshot, never a queue of them: while the
     * client reads slowly (write queue full) changes coalesce into one send on drain.
     */
    private final class Watch {
        private final Context context;
        private final GrpcServerResponse<TopologyRequest, TopologyResponse> response;
        private long lastSentEpoch = Long.MIN_VALUE;
        private boolean closed;
        private Runnable unwatch = () -> { };
        private final Runnable shutdown = this::shutdown;

        Watch(Context context, GrpcServerResponse<TopologyRequest, TopologyResponse> response) {
            this.context = context;
            this.response = response;
        }

        void start(io.vertx.grpc.server.GrpcServerRequest<TopologyRequest, TopologyResponse> request) {
            unwatch = topology.watch(snapshot -> context.runOnContext(ignored -> pushLatest()));
            openStreams.add(shutdown);
            request.exceptionHandler(error -> end());
            response.exceptionHandler(error -> end());
            pushLatest();
        }

        private void pushLatest() {
            if (closed) {
                return;
            }
            TopologySnapshot latest = topology.current();
            if (latest.epoch() == lastSentEpoch) {
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(ignored -> pushLatest());
                return;
            }
            try {
                response.write(encode(latest)).onFailure(error -> end());
                lastSentEpoch = latest.epoch();
            } catch (IllegalStateException streamClosed) {
                end();
            }
        }

        private void end() {
            closed = true;
            unwatch.run();
            openStreams.remove(shutdown);
        }

        private void shutdown() {
            context.runOnContext(ignored -> {
                end();
                try {
                    response.fail(GrpcStatuses.toStatusException(
                            new CacheException(CacheError.UNAVAILABLE, "node shutting down; watch another node")));
                } catch (IllegalStateException alreadyClosed) {
                    // the client left first
                }
            });
        }
    }

    /** Ends every open watch with UNAVAILABLE, so clients move to another node. */
    void closeAll() {
        openStreams.forEach(Runnable::run);
    }

    private TopologyResponse current() {
        return encode(topology.current());
    }

    private TopologyResponse encode(TopologySnapshot snapshot) {
        Encoded cached = encoded.get();
        if (cached != null && cached.epoch() == snapshot.epoch()) {
            return cached.response();
        }
        TopologyResponse.Builder response = TopologyResponse.newBuilder()
                .setEpoch(snapshot.epoch())
                .setBackupsPerSlot(snapshot.backupsPerSlot());
        for (int i = 0; i < snapshot.members().size(); i++) {
            TopologySnapshot.MemberEndpoints member = snapshot.members().get(i);
            response.addMembers(Member.newBuilder().setId(member.id()).setGrpcAddress(member.grpcAddress())
                    .setHttpAddress(member.httpAddress()).putAllEndpoints(member.endpoints())
                    .setSelf(i == snapshot.localIndex()));
        }
        for (int owner : snapshot.slotOwners()) {
            response.addSlotOwners(owner);
        }
        for (int backup : snapshot.slotBackups()) {
            response.addSlotBackups(backup);
        }
        for (TopologySnapshot.SlotRange range : snapshot.slotRanges()) {
            SlotRange.Builder encodedRange = SlotRange.newBuilder().setFirstSlot(range.firstSlot())
                    .setLastSlot(range.lastSlot()).setOwner(range.owner());
            for (int backup : range.backups()) {
                encodedRange.addBackups(backup);
            }
            response.addSlotRanges(encodedRange);
        }
        TopologyResponse built = response.build();
        encoded.set(new Encoded(snapshot.epoch(), built));
        return built;
    }
}
