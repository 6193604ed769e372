package io.ringcache.client;

import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Opens Pipeline streams: the seam between {@link MemberPipelines}' bookkeeping and the wire,
 * so batching, bounds, deadlines and stream failures are tested without a network.
 */
interface PipelineWire {

    /**
     * Opens a Pipeline stream to {@code address}. The stream reports to {@code listener} until
     * it ends; the future fails if the stream cannot be opened.
     */
    CompletableFuture<Sink> open(String address, Listener listener);

    /** Runs {@code task} every {@code periodMs} on the wire's threads; returns a canceller. */
    Runnable every(long periodMs, Runnable task);

    /** Closes the wire's connections (the streams were cancelled before). */
    default CompletableFuture<Void> closeConnections() {
        return CompletableFuture.completedFuture(null);
    }

    /** One open stream. */
    interface Sink {

        /** Runs {@code task} on the stream's thread, after what that thread is doing now (a later turn). */
        void execute(Runnable task);

        /** Writes requests, in order; called on the stream's thread. */
        void write(List<PipelineRequest> batch);

        /** Resets the stream. */
        void cancel();
    }

    /** What a stream reports. */
    interface Listener {

        void answered(PipelineResponse response);

        /** The stream ended (for any reason, once); every call still on it has no answer coming. */
        void ended(RingcacheException why);
    }
}
