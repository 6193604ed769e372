package io.ringcache.client;

import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.grpc.common.ServiceMethod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One call to one node, and the topology stream: the seam between routing/retries and the
 * wire, so both are tested without a network. Failures are always {@link RingcacheException}.
 */
interface Transport extends AutoCloseable {

    /** A unary call to {@code address} ("host:port"), bounded by {@code timeoutMs}. */
    <Req, Resp> CompletableFuture<Resp> call(String address, ServiceMethod<Resp, Req> method, Req request,
                                             long timeoutMs);

    /**
     * Opens WatchTopology on {@code address}: each message goes to {@code messages}; {@code ended}
     * runs once when the stream ends for any reason (null for a clean end). Returns a canceller.
     */
    Runnable watchTopology(String address, Consumer<TopologyResponse> messages, Consumer<Throwable> ended);

    /**
     * Opens WatchInvalidations on {@code address}: requests are sent with the returned call, each
     * event goes to {@code events}; {@code ended} runs once when the stream ends for any reason
     * (null for a clean end), never after {@link InvalidationCall#cancel()}.
     */
    default InvalidationCall watchInvalidations(String address, Consumer<InvalidationEvent> events,
                                                Consumer<Throwable> ended) {
        throw new UnsupportedOperationException("this transport has no invalidation streams");
    }

    /** An open WatchInvalidations stream. */
    interface InvalidationCall {
        /** Sends a request on the stream (queued until it is open); thread-safe. */
        void send(InvalidationRequest request);

        /** Ends the stream from this side. */
        void cancel();
    }

    /** Delays {@code task} by {@code delayMs} on the transport's threads. */
    void schedule(long delayMs, Runnable task);

    /** Closes the connections; completes when they are closed. */
    default CompletionStage<Void> closeAsync() {
        close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
