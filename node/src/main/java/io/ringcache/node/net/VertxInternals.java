package io.ringcache.node.net;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Every call ringcache makes into Vert.x's internal (non-public) API, in one place, so a Vert.x
 * upgrade that moves one breaks here and in {@code VertxInternalsTest}, which exercises each
 * method. Everything else uses Vert.x's public API only.
 */
public final class VertxInternals {

    private VertxInternals() {
    }

    /**
     * A new event-loop context. Vert.x hands out new contexts' event loops in turn, so creating
     * one per loop spreads work (listeners, periodic probes) over every loop; the public API
     * only offers the caller's own context.
     */
    public static Context newEventLoopContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** The Netty channel under a connection; null if Vert.x gives none (Vert.x exposes no public option). */
    public static Channel channelOf(HttpConnection connection) {
        return connection instanceof ConnectionBase netty ? netty.channel() : null;
    }
}
