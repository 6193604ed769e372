package io.ringcache.client;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Merges the socket flushes of one event-loop turn into one. Vert.x flushes every write made
 * outside a read, so a batch of pipelined requests (or many unary calls started in one turn)
 * would cost one {@code write} system call each; Netty's {@link FlushConsolidationHandler}
 * defers such a flush to the end of the turn. The one use of Vert.x's internal API in the
 * client: without it (a Vert.x that moved the class) connections simply flush per write.
 */
final class FlushCoalescing {

    /** Flushes held back at most before one goes through anyway. */
    private static final int MAX_HELD_FLUSHES = 256;

    private FlushCoalescing() {
    }

    static void install(HttpConnection connection) {
        Channel channel = connection instanceof ConnectionBase netty ? netty.channel() : null;
        if (channel != null && channel.pipeline().get(FlushConsolidationHandler.class) == null) {
            channel.pipeline().addFirst("flushCoalescing", new FlushConsolidationHandler(MAX_HELD_FLUSHES, true));
        }
    }
}
