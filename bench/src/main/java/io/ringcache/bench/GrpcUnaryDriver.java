package io.ringcache.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** ringcache through its unary gRPC calls: one HTTP/2 stream per call. */
final class GrpcUnaryDriver implements Driver {

    private static final long DEADLINE_MS = 10_000;

    private final GrpcTargets targets;
    private final String cache;

    GrpcUnaryDriver(Workload workload) {
        this.targets = new GrpcTargets(workload);
        this.cache = workload.cache();
    }

    @Override
    public CompletionStage<?> get(byte[] key) {
        return call(CacheServiceGrpcClient.Get, GetRequest.newBuilder().setCache(cache).setKey(wrap(key)).build());
    }

    @Override
    public CompletionStage<?> put(byte[] key, byte[] value) {
        return call(CacheServiceGrpcClient.Put, PutRequest.newBuilder().setCache(cache).setKey(wrap(key)).setValue(wrap(value)).build());
    }

    @Override
    public CompletionStage<?> getMany(byte[][] keys) {
        GetManyRequest.Builder request = GetManyRequest.newBuilder().setCache(cache);
        for (byte[] key : keys) {
            request.addKeys(wrap(key));
        }
        return call(CacheServiceGrpcClient.GetMany, request.build());
    }

    @Override
    public CompletionStage<?> putMany(byte[][] keys, byte[] value) {
        PutManyRequest.Builder request = PutManyRequest.newBuilder().setCache(cache);
        for (byte[] key : keys) {
            request.addEntries(Entry.newBuilder().setKey(wrap(key)).setValue(wrap(value)));
        }
        return call(CacheServiceGrpcClient.PutMany, request.build());
    }

    @Override
    public void preload(int keys, byte[] value) throws Exception {
        Preload.inBatches(keys, 500, this::putMany, value);
    }

    private <Req, Resp> CompletableFuture<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
        Future<Resp> response = targets.client.request(targets.nextAddress(), method).compose(call -> {
            call.timeout(DEADLINE_MS, TimeUnit.MILLISECONDS);
            call.end(request);
            return call.response().compose(answer -> answer.last().recover(error -> {
                GrpcStatus status = answer.status();
                return Future.failedFuture(status != null && status != GrpcStatus.OK
                        ? new GrpcTargets.CallFailedException(status, answer.statusMessage()) : error);
            }));
        });
        return response.toCompletionStage().toCompletableFuture();
    }

    static ByteString wrap(byte[] bytes) {
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    @Override
    public String statusOf(Throwable failure) {
        return GrpcTargets.statusOf(failure);
    }

    @Override
    public void close() {
        targets.close();
    }
}
