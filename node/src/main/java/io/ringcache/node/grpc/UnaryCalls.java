package io.ringcache.node.grpc;

import io.vertx.core.Future;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;

import java.util.function.Function;

/**
 * Binds unary methods: one request message in, one answer or one status out. A client may
 * be gone before the answer is ready (its deadline passed, it reset the stream); the answer
 * is then dropped instead of written to a closed stream.
 */
final class UnaryCalls {

    private UnaryCalls() {
    }

    static <Req, Resp> void bind(GrpcServer server, ServiceMethod<Req, Resp> method,
                                 Function<Req, Future<Resp>> implementation) {
        server.callHandler(method, request -> request.handler(message -> {
            Future<Resp> answer;
            try {
                answer = implementation.apply(message);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete((value, failure) -> reply(request.response(), value, failure));
        }));
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
