package io.ringcache.node.net;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Gives a request a deadline to arrive whole once its headers are in, so a client that trickles
 * its body or message a byte at a time (slowloris) cannot hold the request's buffers, or its
 * connection, for ever: the idle timeout alone restarts on every chunk. When it runs out an
 * HTTP/1 client gets 408 and loses the connection; an HTTP/2 stream is reset (CANCEL), leaving
 * the connection's other streams alone. Headers need no deadline of their own: Vert.x counts
 * a connection idle until the headers decode, so the idle timeout ends a header trickle.
 *
 * <p>Requests a client legitimately keeps open for writing (a bidirectional Pipeline) are
 * exempt: each of their messages is bounded by the message size limit, the connection by the
 * idle timeout.
 */
public final class RequestReadDeadline implements Handler<HttpServerRequest> {

    /** HTTP/2 error code CANCEL: the stream is no longer needed. */
    private static final long CANCEL = 0x8;

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Predicate<HttpServerRequest> openEnded;
    private final Handler<HttpServerRequest> next;

    /**
     * @param timeout   the longest a request may take to arrive whole after its headers
     * @param openEnded requests exempt from the deadline (bidirectional streams)
     * @param next      where requests go
     */
    public RequestReadDeadline(Vertx vertx, Duration timeout, Predicate<HttpServerRequest> openEnded,
                               Handler<HttpServerRequest> next) {
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.openEnded = openEnded;
        this.next = next;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (!openEnded.test(request)) {
            // Nearly every request's body arrives in the same socket read as its headers: look
            // again once that read is processed, and time only the requests still arriving.
            Context context = vertx.getOrCreateContext();
            context.runOnContext(later -> {
                // Answered already (refused before its body was read), or gone: nothing to time.
                if (!request.isEnded() && !request.response().ended() && !request.response().closed()) {
                    long timer = vertx.setTimer(timeoutMillis, id -> expire(request));
                    // Called once the response is done or the request is gone, whichever comes first.
                    request.response().endHandler(done -> vertx.cancelTimer(timer));
                }
            });
        }
        next.handle(request);
    }

    private static void expire(HttpServerRequest request) {
        if (request.isEnded() || request.response().ended() || request.response().closed()) {
            return;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset(CANCEL);
        } else if (request.response().headWritten()) {
            request.connection().close();
        } else {
            request.response().setStatusCode(408).putHeader("connection", "close").end()
                    .onComplete(sent -> request.connection().close());
        }
    }
}
