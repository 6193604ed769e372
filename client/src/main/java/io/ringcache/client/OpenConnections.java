package io.ringcache.client;

import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The connections one HTTP client opened or is opening, so closing the client leaves none open
 * on the node. Vert.x's {@code HttpClient.close()} misses a connection whose connect is under way
 * when it runs: that connection still completes, outside the closed pool, and stays open, so
 * the node's graceful stop waits its whole drain for it. So closing first waits for the
 * requests still waiting for a connection (bounded by the connect timeout), then closes the
 * pool, then any connection that got past it; one that opens later still is closed at once.
 */
final class OpenConnections {

    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> opening = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** The client's connect handler: every new pooled connection passes through here. */
    void opened(HttpConnection connection) {
        FlushCoalescing.install(connection);
        open.add(connection);
        connection.closeHandler(ignored -> open.remove(connection));
        // Checked after adding, so either this or closeAll sees the connection.
        if (closing) {
            connection.close();
        }
    }

    /** A request waiting for its connection: closing waits for it to get one (or fail). */
    <T> Future<T> opening(Future<T> request) {
        opening.add(request);
        request.onComplete(ignored -> opening.remove(request));
        return request;
    }

    /** Waits for the requests still connecting, then runs {@code closePool}, then closes what is left. */
    Future<Void> close(Supplier<Future<Void>> closePool) {
        List<Future<?>> connecting = List.copyOf(opening);
        return Future.join(connecting).<Void>mapEmpty().otherwiseEmpty()
                .compose(ignored -> closePool.get())
                .eventually(this::closeAll);
    }

    private Future<Void> closeAll() {
        closing = true;
        return Future.join(open.stream().map(HttpConnection::close).toList()).mapEmpty();
    }
}
