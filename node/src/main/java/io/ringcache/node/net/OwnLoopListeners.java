package io.ringcache.node.net;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Starts several listeners on one port, each from an event-loop context of its own. A Vert.x
 * server created outside a verticle serves every connection on the event loop it listened
 * from, so one listener per loop is how an endpoint spreads its connections over several.
 */
public final class OwnLoopListeners {

    private OwnLoopListeners() {
    }

    /** Runs {@code listen} for each server on a new event-loop context; completes when all listen. */
    public static <S> Future<Void> listen(Vertx vertx, List<S> servers, Function<S, Future<?>> listen) {
        List<Future<?>> listening = new ArrayList<>(servers.size());
        for (S server : servers) {
            Promise<Object> listened = Promise.promise();
            VertxInternals.newEventLoopContext(vertx).runOnContext(ignored ->
                    listen.apply(server).<Object>map(started -> started).onComplete(listened));
            listening.add(listened.future());
        }
        return Future.all(listening).mapEmpty();
    }
}
