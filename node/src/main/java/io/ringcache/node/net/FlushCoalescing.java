package io.ringcache.node.net;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;

/**
 * Merges the socket flushes of one event-loop turn into one. Answers complete one by one on
 * the event loop (each Hazelcast result hops back separately), and Vert.x flushes every write
 * made outside a read: a busy connection paid one {@code write} system call per answer. Netty's
 * {@link FlushConsolidationHandler} defers a flush made outside a read to the end of the
 * current turn, so the answers that complete together leave together; grpc-java's transport
 * coalesces its writes the same way. The added delay is at most one event-loop turn.
 */
public final class FlushCoalescing {

    /** Flushes to hold back at most before one goes through anyway, so none waits for long. */
    private static final int MAX_HELD_FLUSHES = 256;

    private FlushCoalescing() {
    }

    /** Installs the coalescing on a connection's Netty pipeline (Vert.x exposes no option for it). */
    public static void install(HttpConnection connection) {
        Channel channel = VertxInternals.channelOf(connection);
        if (channel != null && channel.pipeline().get(FlushConsolidationHandler.class) == null) {
            channel.pipeline().addFirst("flushCoalescing",
                    new FlushConsolidationHandler(MAX_HELD_FLUSHES, true));
        }
    }
}
