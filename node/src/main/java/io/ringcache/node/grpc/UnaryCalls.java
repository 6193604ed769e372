package io.ringcache.node.grpc;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Binds unary methods: one request message in, one answer or one status out. A client may
 * be gone before the answer is ready (its deadline passed, it reset the stream); the answer
 * is then dropped instead of written to a closed stream.
 */
final class UnaryCalls {

    private UnaryCalls() {
    }

    /** An untraced method (topology, health): not a cache request. */
    static <Req, Resp> void bind(GrpcServer server, ServiceMethod<Req, Resp> method,
                                 Function<Req, Future<Resp>> implementation) {
        bind(server, Tracing.off(), method, implementation);
    }

    /** A cache method: its span continues the trace in the call's headers. */
    static <Req, Resp> void bind(GrpcServer server, Tracing tracing, ServiceMethod<Req, Resp> method,
                                 Function<Req, Future<Resp>> implementation) {
        server.callHandler(method, request -> onMessage(request, method, message -> {
            Future<Resp> answer;
            try {
                answer = tracing.continuing(request.headers(), () -> implementation.apply(message));
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete((value, failure) -> reply(request.response(), value, failure));
        }));
    }

    /**
     * Hands each request message of a call to {@code handler}. A message that cannot be read
     * gets a status the client can act on, not a bare stream reset: RESOURCE_EXHAUSTED over the
     * size limit, INVALID_ARGUMENT when it is not the method's protobuf message.
     */
    static <Req, Resp> void onMessage(GrpcServerRequest<Req, Resp> request, ServiceMethod<Req, Resp> method,
                                      Consumer<Req> handler) {
        onMessage(request, method, handler, () -> { });
    }

    /** As above; {@code onRefused} runs when a message was refused (the call has ended). */
    static <Req, Resp> void onMessage(GrpcServerRequest<Req, Resp> request, ServiceMethod<Req, Resp> method,
                                      Consumer<Req> handler, Runnable onRefused) {
        request.invalidMessageHandler(invalid -> {
            onRefused.run();
            refuse(request.response(),
                    invalid instanceof MessageSizeOverflowException ? CacheError.RESOURCE_EXHAUSTED
                            : CacheError.INVALID_ARGUMENT,
                    invalid instanceof MessageSizeOverflowException ? "the request is larger than max-request-bytes"
                            : "the request cannot be read");
        })
                .messageHandler(raw -> {
                    Req message;
                    try {
                        message = method.decoder().decode(raw);
                    } catch (RuntimeException e) { // CodecException, or a decoder bug
                        onRefused.run();
                        refuse(request.response(), CacheError.INVALID_ARGUMENT,
                                "the request is not a valid protobuf message for this method");
                        return;
                    }
                    handler.accept(message);
                });
    }

    private static void refuse(GrpcServerResponse<?, ?> response, CacheError error, String message) {
        try {
            response.status(GrpcStatuses.of(error)).statusMessage(message).end();
        } catch (IllegalStateException streamClosed) {
            // The client went away first.
        }
    }

    private static <Req, Resp> void reply(GrpcServerResponse<Req, Resp> response, Resp value, Throwable failure) {
        try {
            if (failure == null) {
                response.end(value);
            } else {
                response.fail(GrpcStatuses.toStatusException(failure));
            }
        } catch (IllegalStateException streamClosed) {
            // The client went away first; nobody is left to answer.
        }
    }
}
