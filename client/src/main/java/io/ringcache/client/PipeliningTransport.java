package io.ringcache.client;

import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.grpc.common.ServiceMethod;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Auto-pipelining: Get, Put and Delete (what the Pipeline method carries) go on the Pipeline
 * streams of the member they are addressed to ({@link MemberPipelines}); every other call,
 * and the topology stream, go to the unary transport underneath. Routing and retries above
 * see the same {@link Transport} either way.
 */
final class PipeliningTransport implements Transport {

    /** How often calls' deadlines are checked; a call fails at most this late. */
    static final long EXPIRY_PERIOD_MS = 10;

    private final Transport unary;
    private final PipelineWire wire;
    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Map<String, MemberPipelines> members = new ConcurrentHashMap<>();
    private final LongAdder pipelined = new LongAdder();
    private final LongAdder streamsOpened = new LongAdder();
    private final Runnable stopExpiry;

    /** The bounds of each member's streams. */
    record Settings(int streamsPerMember, int maxInFlightPerStream, int maxQueuedPerMember) {
    }

    PipeliningTransport(Transport unary, PipelineWire wire, Settings settings, LongSupplier nanoClock) {
        this.unary = unary;
        this.wire = counting(wire);
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.stopExpiry = wire.every(EXPIRY_PERIOD_MS, () -> members.values().forEach(MemberPipelines::expire));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Req, Resp> CompletableFuture<Resp> call(String address, ServiceMethod<Resp, Req> method, Req request,
                                                    long timeoutMs) {
        PipelineRequest.Builder call = PipelineRequest.newBuilder();
        if (method == CacheServiceGrpcClient.Get) {
            call.setGet((GetRequest) request);
        } else if (method == CacheServiceGrpcClient.Put) {
            call.setPut((PutRequest) request);
        } else if (method == CacheServiceGrpcClient.Delete) {
            call.setDelete((DeleteRequest) request);
        } else {
            return unary.call(address, method, request, timeoutMs);
        }
        pipelined.increment();
        return member(address).call(call, timeoutMs).thenApply(answer -> (Resp) switch (answer.getResultCase()) {
            case GET -> answer.getGet();
            case PUT -> answer.getPut();
            case DELETE -> answer.getDelete();
            default -> throw new RingcacheException(13, "INTERNAL", "a Pipeline answer without a result: "
                    + answer.getResultCase(), false, null);
        });
    }

    /** Calls sent through Pipeline streams so far. */
    long pipelinedCalls() {
        return pipelined.sum();
    }

    /** Pipeline streams opened so far (reopened ones included). */
    long streamsOpened() {
        return streamsOpened.sum();
    }

    private PipelineWire counting(PipelineWire wire) {
        return new PipelineWire() {
            @Override
            public CompletableFuture<Sink> open(String address, Listener listener) {
                streamsOpened.increment();
                return wire.open(address, listener);
            }

            @Override
            public Runnable every(long periodMs, Runnable task) {
                return wire.every(periodMs, task);
            }

            @Override
            public CompletableFuture<Void> closeConnections() {
                return wire.closeConnections();
            }
        };
    }

    MemberPipelines member(String address) {
        MemberPipelines member = members.get(address);
        return member != null ? member : members.computeIfAbsent(address, key -> new MemberPipelines(key, wire,
                settings.streamsPerMember(), settings.maxInFlightPerStream(), settings.maxQueuedPerMember(),
                nanoClock));
    }

    @Override
    public Runnable watchTopology(String address, Consumer<TopologyResponse> messages, Consumer<Throwable> ended) {
        return unary.watchTopology(address, messages, ended);
    }

    @Override
    public InvalidationCall watchInvalidations(String address, Consumer<InvalidationEvent> events,
                                               Consumer<Throwable> ended) {
        return unary.watchInvalidations(address, events, ended);
    }

    @Override
    public void schedule(long delayMs, Runnable task) {
        unary.schedule(delayMs, task);
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        stopExpiry.run();
        members.values().forEach(MemberPipelines::close);
        // The Vert.x instance (closed by the unary transport if it made it) outlives the pipelines' connections.
        return wire.closeConnections().handle((ignored, error) -> null).thenCompose(ignored -> unary.closeAsync());
    }

    @Override
    public void close() {
        closeAsync();
    }
}
