package io.ringcache.bench;

import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.Context;
import io.vertx.grpc.client.GrpcClientRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ringcache through its Pipeline stream: one bidirectional stream per connection, requests
 * tagged with ids, answers matched back by id in whatever order they come. Batches go through
 * the unary GetMany/PutMany (the Pipeline carries single-key calls).
 */
final class GrpcPipelineDriver implements Driver {

    private final GrpcTargets targets;
    private final GrpcUnaryDriver batches;
    private final List<Stream> streams = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    GrpcPipelineDriver(Workload workload) throws Exception {
        this.targets = new GrpcTargets(workload.withMode(Workload.Mode.PIPELINED));
        this.batches = new GrpcUnaryDriver(workload);
        for (int target = 0; target < targets.addresses.size(); target++) {
            for (int connection = 0; connection < workload.connections(); connection++) {
                streams.add(open(target));
            }
        }
    }

    private Stream open(int target) throws Exception {
        CompletableFuture<Stream> opened = new CompletableFuture<>();
        // Each stream lives on its own event loop; everything about it happens there.
        Context context = targets.vertx.getOrCreateContext();
        context.runOnContext(ignored -> targets.client.request(targets.addresses.get(target),
                        CacheServiceGrpcClient.Pipeline)
                .onSuccess(request -> opened.complete(new Stream(context, request)))
                .onFailure(opened::completeExceptionally));
        return opened.get(10, TimeUnit.SECONDS);
    }

    /** One Pipeline stream and the calls waiting for answers on it. */
    private static final class Stream {
        private final Context context;
        private final GrpcClientRequest<PipelineRequest, PipelineResponse> request;
        private final Map<Long, CompletableFuture<PipelineResponse>> waiting = new HashMap<>();
        private final Queue<Runnable> outbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private long nextId;
        private Throwable failed;

        Stream(Context context, GrpcClientRequest<PipelineRequest, PipelineResponse> request) {
            this.context = context;
            this.request = request;
            request.response().onSuccess(response -> {
                response.handler(this::answered);
                response.endHandler(ignored -> fail(new GrpcTargets.CallFailedException(
                        String.valueOf(response.status()), "pipeline ended: " + response.statusMessage())));
                response.exceptionHandler(this::fail);
            }).onFailure(this::fail);
            request.exceptionHandler(this::fail);
        }

        CompletableFuture<PipelineResponse> send(PipelineRequest.Builder call) {
            CompletableFuture<PipelineResponse> answer = new CompletableFuture<>();
            if (Context.isOnEventLoopThread() && context == io.vertx.core.Vertx.currentContext()) {
                write(call, answer);
                return answer;
            }
            // From another thread (the open loop): queue, and let one task on the stream's event
            // loop write everything queued by the time it runs, instead of waking it per call.
            outbox.add(() -> write(call, answer));
            if (drainScheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> drain());
            }
            return answer;
        }

        private void drain() {
            drainScheduled.set(false);
            for (Runnable queued; (queued = outbox.poll()) != null; ) {
                queued.run();
            }
        }

        private void write(PipelineRequest.Builder call, CompletableFuture<PipelineResponse> answer) {
            if (failed != null) {
                answer.completeExceptionally(failed);
                return;
            }
            long id = nextId++;
            waiting.put(id, answer);
            request.write(call.setId(id).build());
        }

        private void answered(PipelineResponse response) {
            CompletableFuture<PipelineResponse> answer = waiting.remove(response.getId());
            if (answer == null) {
                return;
            }
            if (response.hasError()) {
                answer.completeExceptionally(new GrpcTargets.CallFailedException(
                        io.vertx.grpc.common.GrpcStatus.valueOf(response.getError().getCode()).name(),
                        response.getError().getMessage()));
            } else {
                answer.complete(response);
            }
        }

        private void fail(Throwable error) {
            if (failed == null) {
                failed = error;
            }
            waiting.values().forEach(answer -> answer.completeExceptionally(error));
            waiting.clear();
        }

        void close() {
            context.runOnContext(ignored -> {
                try {
                    request.end();
                } catch (IllegalStateException alreadyEnded) {
                    // The stream failed earlier.
                }
            });
        }
    }

    private Stream nextStream() {
        return streams.get(Math.floorMod(next.getAndIncrement(), streams.size()));
    }

    @Override
    public CompletionStage<?> get(byte[] key) {
        return nextStream().send(PipelineRequest.newBuilder()
                .setGet(GetRequest.newBuilder().setKey(GrpcUnaryDriver.wrap(key))));
    }

    @Override
    public CompletionStage<?> put(byte[] key, byte[] value) {
        return nextStream().send(PipelineRequest.newBuilder()
                .setPut(PutRequest.newBuilder().setKey(GrpcUnaryDriver.wrap(key)).setValue(GrpcUnaryDriver.wrap(value))));
    }

    @Override
    public CompletionStage<?> getMany(byte[][] keys) {
        return batches.getMany(keys);
    }

    @Override
    public CompletionStage<?> putMany(byte[][] keys, byte[] value) {
        return batches.putMany(keys, value);
    }

    @Override
    public void preload(int keys, byte[] value) throws Exception {
        batches.preload(keys, value);
    }

    @Override
    public String statusOf(Throwable failure) {
        return GrpcTargets.statusOf(failure);
    }

    @Override
    public void close() {
        streams.forEach(Stream::close);
        batches.close();
        targets.close();
    }
}
