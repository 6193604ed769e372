package io.ringcache.node.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.RequestId;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.cluster.TopologySource;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.tracing.Tracing;
import io.ringcache.proto.v1.CacheServiceGrpcService;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PartitionStamp;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.ringcache.proto.v1.TouchRequest;
import io.ringcache.proto.v1.TouchResponse;
import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServer;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ringcache.v1.CacheService}: decodes each call, calls the store, encodes the answer.
 * Failures are mapped to statuses in one place, {@link GrpcStatuses}.
 */
public final class GrpcCacheService extends CacheServiceGrpcService implements PipelineCalls.Calls {

    private static final GetResponse POSSIBLY_LOST = GetResponse.newBuilder().setPossiblyLost(true).build();

    private final CacheStore store;
    private final TopologyStreams topology;
    private final Tracing tracing;
    private final PipelineCalls pipelines;
    private final InvalidationStreams invalidations;
    private final InvalidationFeed feed;

    /** Without invalidations: WatchInvalidations answers every partition not owned. */
    public GrpcCacheService(CacheStore store, TopologySource topology, Tracing tracing) {
        this(store, topology, InvalidationFeed.NONE, tracing);
    }

    /**
     * @param invalidations what WatchInvalidations streams watch
     * @param tracing       continues a caller's trace from each call's headers
     */
    public GrpcCacheService(CacheStore store, TopologySource topology, InvalidationFeed invalidations,
                            Tracing tracing) {
        this.store = store;
        this.topology = new TopologyStreams(topology);
        this.tracing = tracing;
        this.pipelines = new PipelineCalls(this, tracing);
        this.invalidations = new InvalidationStreams(invalidations);
        this.feed = invalidations;
    }

    /** Ends open server streams (topology watches, pipelines, invalidation watches) ahead of a shutdown. */
    public void closeStreams() {
        topology.closeAll();
        pipelines.closeAll();
        invalidations.closeAll();
    }

    @Override
    public void bind(GrpcServer server) {
        UnaryCalls.bind(server, tracing, Get, this::get);
        UnaryCalls.bind(server, tracing, Put, this::put);
        UnaryCalls.bind(server, tracing, Delete, this::delete);
        UnaryCalls.bind(server, tracing, Increment, this::increment);
        UnaryCalls.bind(server, tracing, Touch, this::touch);
        UnaryCalls.bind(server, tracing, GetMany, this::getMany);
        UnaryCalls.bind(server, tracing, PutMany, this::putMany);
        UnaryCalls.bind(server, tracing, DeleteMany, this::deleteMany);
        topology.bind(server);
        pipelines.bind(server);
        invalidations.bind(server);
    }

    @Override
    public Future<GetResponse> get(GetRequest request) {
        if (request.getStamp()) {
            return stampedGet(request);
        }
        return store.get(request.getCache(), key(request.getKey()))
                .map(GrpcCacheService::toResponse);
    }

    /** A Get with its partition's stamp, taken before the read (docs/near-cache.md). */
    private Future<GetResponse> stampedGet(GetRequest request) {
        CacheKey key = key(request.getKey());
        InvalidationFeed.Stamp stamp;
        try {
            // An empty key is refused by the store's admission, below; it has no slot to stamp.
            stamp = key.bytes().length == 0 ? new InvalidationFeed.Stamp(0, 0, 0)
                    : feed.stamp(request.getCache(), Slots.slot(key.bytes()));
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        PartitionStamp encoded = PartitionStamp.newBuilder().setPartition(stamp.partition())
                .setPartitionId(stamp.partitionId()).setSequence(stamp.sequence()).build();
        return store.get(request.getCache(), key)
                .map(lookup -> toResponse(lookup).toBuilder().setStamp(encoded).build());
    }

    @Override
    public Future<PutResponse> put(PutRequest request) {
        WriteCondition condition;
        try {
            condition = condition(request.getCondition());
        } catch (CacheException e) {
            return Future.failedFuture(e);
        }
        return store.put(request.getCache(), key(request.getKey()), request.getValue().toByteArray(),
                        request.getTtlMs(), condition, request.getExpectedVersion())
                .map(GrpcCacheService::toResponse);
    }

    @Override
    public Future<DeleteResponse> delete(DeleteRequest request) {
        return store.delete(request.getCache(), key(request.getKey()), request.getExpectedVersion())
                .map(deleted -> DeleteResponse.newBuilder().setDeleted(deleted).build());
    }

    @Override
    public Future<IncrementResponse> increment(IncrementRequest request) {
        return store.increment(request.getCache(), key(request.getKey()), request.getDelta(),
                        request.getInitial(), request.getTtlMs(),
                        new RequestId(request.getRequestId(), request.getRetry()))
                .map(counter -> IncrementResponse.newBuilder()
                        .setValue(counter.value()).setVersion(counter.version()).build());
    }

    @Override
    public Future<TouchResponse> touch(TouchRequest request) {
        return store.touch(request.getCache(), key(request.getKey()), request.getTtlMs())
                .map(found -> TouchResponse.newBuilder().setFound(found).build());
    }

    @Override
    public Future<GetManyResponse> getMany(GetManyRequest request) {
        return store.getMany(request.getCache(), keys(request.getKeysList()))
                .map(lookups -> {
                    GetManyResponse.Builder response = GetManyResponse.newBuilder();
                    lookups.forEach(lookup -> response.addResults(toResponse(lookup)));
                    return response.build();
                });
    }

    @Override
    public Future<PutManyResponse> putMany(PutManyRequest request) {
        List<CacheKey> keys = new ArrayList<>(request.getEntriesCount());
        List<byte[]> values = new ArrayList<>(request.getEntriesCount());
        for (Entry entry : request.getEntriesList()) {
            keys.add(key(entry.getKey()));
            values.add(entry.getValue().toByteArray());
        }
        return store.putMany(request.getCache(), keys, values, request.getTtlMs())
                .map(versions -> PutManyResponse.newBuilder().addAllVersions(versions).build());
    }

    @Override
    public Future<DeleteManyResponse> deleteMany(DeleteManyRequest request) {
        return store.deleteMany(request.getCache(), keys(request.getKeysList()))
                .map(deleted -> DeleteManyResponse.newBuilder().setDeleted(deleted).build());
    }

    private static List<CacheKey> keys(List<ByteString> keys) {
        List<CacheKey> wrapped = new ArrayList<>(keys.size());
        keys.forEach(key -> wrapped.add(key(key)));
        return wrapped;
    }

    private static CacheKey key(ByteString key) {
        return CacheKey.of(key.toByteArray());
    }

    private static GetResponse toResponse(Lookup lookup) {
        if (!lookup.found()) {
            return lookup.possiblyLost() ? POSSIBLY_LOST : GetResponse.getDefaultInstance();
        }
        return GetResponse.newBuilder()
                .setFound(true)
                // The store hands over a fresh array it never touches again: no second copy.
                .setValue(UnsafeByteOperations.unsafeWrap(lookup.value()))
                .setVersion(lookup.version())
                .setTtlRemainingMs(lookup.ttlRemainingMs())
                .build();
    }

    private static PutResponse toResponse(WriteResult result) {
        return PutResponse.newBuilder().setApplied(result.applied()).setVersion(result.version()).build();
    }

    private static WriteCondition condition(PutRequest.Condition condition) {
        return switch (condition) {
            case ALWAYS -> WriteCondition.ALWAYS;
            case IF_ABSENT -> WriteCondition.IF_ABSENT;
            case IF_PRESENT -> WriteCondition.IF_PRESENT;
            case IF_VERSION -> WriteCondition.IF_VERSION;
            case UNRECOGNIZED -> throw new CacheException(CacheError.INVALID_ARGUMENT, "unknown condition");
        };
    }
}
