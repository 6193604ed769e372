package io.ringcache.node.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.InvalidationFeed;
import io.ringcache.proto.v1.CacheServiceGrpcService;
import io.ringcache.proto.v1.Invalidation;
import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.PartitionReset;
import io.ringcache.proto.v1.PartitionWatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * WatchInvalidations: each stream is a {@link InvalidationFeed.Listener}. Events arrive on the
 * owner's partition threads and are handed to the stream's event loop in order; a stream
 * whose client reads too slowly is ended rather than buffered without bound.
 */
final class InvalidationStreams {

    /** Events sent but not yet written out before a stream is ended as too slow. */
    static final int MAX_PENDING = 10_000;

    private final InvalidationFeed feed;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    InvalidationStreams(InvalidationFeed feed) {
        this.feed = feed;
    }

    void bind(GrpcServer server) {
        server.callHandler(CacheServiceGrpcService.WatchInvalidations, request -> new Stream(request).start());
    }

    /** Ends every open stream with UNAVAILABLE, ahead of a shutdown. */
    void closeAll() {
        open.forEach(stream -> stream.context.runOnContext(ignored -> stream.fail(
                new CacheException(CacheError.UNAVAILABLE, "node shutting down; watch the new owners"))));
    }

    private final class Stream implements InvalidationFeed.Listener {
        private final GrpcServerRequest<InvalidationRequest, InvalidationEvent> request;
        private final GrpcServerResponse<InvalidationRequest, InvalidationEvent> response;
        private final Context context = Vertx.currentContext();
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean overflowed = new AtomicBoolean();
        private boolean closed;

        Stream(GrpcServerRequest<InvalidationRequest, InvalidationEvent> request) {
            this.request = request;
            this.response = request.response();
        }

        void start() {
            open.add(this);
            request.exceptionHandler(error -> closed());
            request.errorHandler(error -> closed()); // the client cancelled (reset) the stream
            response.exceptionHandler(error -> closed());
            UnaryCalls.onMessage(request, CacheServiceGrpcService.WatchInvalidations, this::apply, this::closed);
        }

        private void apply(InvalidationRequest change) {
            if (closed) {
                return;
            }
            try {
                for (int slot : change.getUnwatchSlotsList()) {
                    feed.unwatch(change.getCache(), slot, this);
                }
                // Sent before any event of the partition: those are queued behind this task.
                for (int slot : change.getWatchSlotsList()) {
                    InvalidationFeed.Watch watch = feed.watch(change.getCache(), slot, this);
                    send(InvalidationEvent.newBuilder().setWatch(PartitionWatch.newBuilder()
                            .setCache(change.getCache()).setPartition(watch.partition())
                            .setFirstSlot(watch.firstSlot()).setLastSlot(watch.lastSlot()).setOwned(watch.owned())
                            .setPartitionId(watch.partitionId()).setSequence(watch.sequence())).build());
                }
            } catch (CacheException e) {
                fail(e);
            }
        }

        @Override
        public void invalidated(String cache, int partition, long partitionId, long sequence, byte[] key) {
            offer(() -> InvalidationEvent.newBuilder().setInvalidation(Invalidation.newBuilder().setCache(cache)
                    .setPartition(partition).setPartitionId(partitionId).setSequence(sequence)
                    // The key's array is the processor's own copy, never changed after the write.
                    .setKey(UnsafeByteOperations.unsafeWrap(key))).build());
        }

        @Override
        public void reset(String cache, int partition, InvalidationFeed.Reset reason, long partitionId,
                          long sequence) {
            offer(() -> InvalidationEvent.newBuilder().setReset(PartitionReset.newBuilder().setCache(cache)
                    .setPartition(partition).setReason(switch (reason) {
                        case MOVED -> PartitionReset.Reason.MOVED;
                        case LOST -> PartitionReset.Reason.LOST;
                        case CLEARED -> PartitionReset.Reason.CLEARED;
                    }).setPartitionId(partitionId).setSequence(sequence)).build());
        }

        /** On a partition or event thread: hands the event to the stream's loop, unless too many wait. */
        private void offer(Supplier<InvalidationEvent> event) {
            if (pending.incrementAndGet() > MAX_PENDING) {
                if (overflowed.compareAndSet(false, true)) {
                    context.runOnContext(ignored -> fail(new CacheException(CacheError.RESOURCE_EXHAUSTED,
                            "more than " + MAX_PENDING + " invalidations wait for this stream's reader")));
                }
                return;
            }
            context.runOnContext(ignored -> {
                if (overflowed.get()) {
                    return;
                }
                pending.decrementAndGet(); // send() counts it again until written
                send(event.get());
            });
        }

        private void send(InvalidationEvent event) {
            if (closed) {
                return;
            }
            pending.incrementAndGet();
            try {
                response.write(event).onComplete(done -> pending.decrementAndGet());
            } catch (IllegalStateException streamClosed) {
                closed();
            }
        }

        private void fail(CacheException error) {
            if (closed) {
                return;
            }
            closed();
            try {
                response.status(GrpcStatuses.of(error.error())).statusMessage(error.getMessage()).end();
            } catch (IllegalStateException streamClosed) {
                // The client left first.
            }
        }

        private void closed() {
            if (!closed) {
                closed = true;
                open.remove(this);
                feed.unwatchAll(this);
                request.pause();
            }
        }
    }
}
