package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.tracing.Tracing;
import io.ringcache.proto.v1.CacheServiceGrpcService;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.Error;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.StatusException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The Pipeline method: Get, Put and Delete requests with ids on one bidirectional stream, each
 * answered as soon as it is done. It saves a client the per-call cost of unary gRPC (a new
 * HTTP/2 stream, headers both ways, trailers) when it has many calls in flight.
 *
 * <p>Bounded: a stream has at most {@value #MAX_IN_FLIGHT} requests in progress; at that point
 * it stops reading, so HTTP/2 flow control holds the client back. It also stops reading while
 * the client does not read its answers (the write queue is full). Everything for one stream
 * runs on its connection's event loop.
 */
final class PipelineCalls {

    /** Requests one stream may have in progress before the node stops reading it. */
    static final int MAX_IN_FLIGHT = 1024;

    private final Calls calls;
    private final Tracing tracing;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    /** The unary implementations each pipelined request runs through. */
    interface Calls {
        Future<GetResponse> get(GetRequest request);

        Future<PutResponse> put(PutRequest request);

        Future<DeleteResponse> delete(DeleteRequest request);
    }

    PipelineCalls(Calls calls, Tracing tracing) {
        this.calls = calls;
        this.tracing = tracing;
    }

    void bind(GrpcServer server) {
        server.callHandler(CacheServiceGrpcService.Pipeline, request -> new Stream(request).start());
    }

    /** Ends every open stream with UNAVAILABLE, ahead of a shutdown. */
    void closeAll() {
        open.forEach(stream -> stream.context.runOnContext(ignored -> stream.shutDown()));
    }

    private final class Stream {
        private final GrpcServerRequest<PipelineRequest, PipelineResponse> request;
        private final GrpcServerResponse<PipelineRequest, PipelineResponse> response;
        private final Context context = Vertx.currentContext();
        private int inFlight;
        private boolean paused;
        private boolean halfClosed;
        private boolean closed;

        Stream(GrpcServerRequest<PipelineRequest, PipelineResponse> request) {
            this.request = request;
            this.response = request.response();
        }

        void start() {
            open.add(this);
            request.endHandler(ignored -> {
                halfClosed = true;
                endIfDone();
            });
            request.exceptionHandler(error -> closed());
            request.errorHandler(error -> closed()); // the client cancelled (reset) the stream
            response.exceptionHandler(error -> closed());
            response.drainHandler(ignored -> resumeIfRoom());
            UnaryCalls.onMessage(request, CacheServiceGrpcService.Pipeline, this::run, this::closed);
        }

        private void run(PipelineRequest call) {
            if (closed) {
                return;
            }
            Future<PipelineResponse> answer;
            try {
                answer = tracing.continuing(request.headers(), () -> call(call));
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            inFlight++;
            if (inFlight >= MAX_IN_FLIGHT) {
                pauseReading();
            }
            long id = call.getId();
            answer.onComplete((value, failure) -> {
                inFlight--;
                send(failure == null ? value.toBuilder().setId(id).build() : error(id, failure));
                resumeIfRoom();
                endIfDone();
            });
        }

        private Future<PipelineResponse> call(PipelineRequest call) {
            return switch (call.getCallCase()) {
                case GET -> answer(calls.get(call.getGet()), (builder, value) -> builder.setGet(value));
                case PUT -> answer(calls.put(call.getPut()), (builder, value) -> builder.setPut(value));
                case DELETE -> answer(calls.delete(call.getDelete()), (builder, value) -> builder.setDelete(value));
                case CALL_NOT_SET -> Future.failedFuture(new CacheException(CacheError.INVALID_ARGUMENT,
                        "the request names no call (get, put or delete)"));
            };
        }

        private <T> Future<PipelineResponse> answer(Future<T> call,
                                                    BiFunction<PipelineResponse.Builder, T,
                                                            PipelineResponse.Builder> set) {
            return call.map(value -> set.apply(PipelineResponse.newBuilder(), value).build());
        }

        private void send(PipelineResponse answer) {
            if (closed) {
                return;
            }
            try {
                response.write(answer);
            } catch (IllegalStateException streamClosed) {
                closed();
                return;
            }
            if (response.writeQueueFull()) {
                pauseReading();
            }
        }

        private void pauseReading() {
            if (!paused && !closed) {
                paused = true;
                request.pause();
            }
        }

        private void resumeIfRoom() {
            if (paused && !closed && inFlight < MAX_IN_FLIGHT / 2 && !response.writeQueueFull()) {
                paused = false;
                request.resume();
            }
        }

        private void endIfDone() {
            if (halfClosed && inFlight == 0 && !closed) {
                closed();
                try {
                    response.end();
                } catch (IllegalStateException streamClosed) {
                    // The client reset the stream first.
                }
            }
        }

        private void shutDown() {
            if (closed) {
                return;
            }
            closed();
            try {
                response.status(GrpcStatuses.of(CacheError.UNAVAILABLE)).statusMessage("the node is shutting down").end();
            } catch (IllegalStateException streamClosed) {
                // Already gone.
            }
        }

        private void closed() {
            if (!closed) {
                closed = true;
                open.remove(this);
                request.pause(); // nothing more is read from a stream that has ended
            }
        }
    }

    private static PipelineResponse error(long id, Throwable failure) {
        StatusException status = GrpcStatuses.toStatusException(failure);
        return PipelineResponse.newBuilder().setId(id)
                .setError(Error.newBuilder().setCode(status.status().code).setMessage(messageOf(status)))
                .build();
    }

    private static String messageOf(StatusException status) {
        return status.message() == null ? "" : status.message();
    }
}
