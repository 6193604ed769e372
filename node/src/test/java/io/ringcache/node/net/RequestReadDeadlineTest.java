package io.ringcache.node.net;

import io.ringcache.node.testing.Awaits;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline on a real HTTP/2 server, for the requests it must leave alone. */
class RequestReadDeadlineTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        Awaits.result(vertx.close());
    }

    @Test
    void aRequestAnsweredBeforeItsBodyArrived_isLeftAlone_noErrorOnTheEventLoop() {
        vertx.exceptionHandler(unhandled::add);
        // Answers at once, as a gate refusing a call does, while the body is still coming.
        HttpServer server = vertx.createHttpServer().requestHandler(new RequestReadDeadline(vertx,
                Duration.ofMillis(300), request -> false, request -> request.response().setStatusCode(403).end()));
        int port = Awaits.result(server.listen(0, "127.0.0.1")).actualPort();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false), new PoolOptions());

        for (int i = 0; i < 20; i++) {
            int status = Awaits.result(client.request(HttpMethod.POST, port, "127.0.0.1", "/refused")
                    .compose(request -> {
                        request.setChunked(true);
                        request.write(Buffer.buffer("part of a body"));
                        return request.response();
                    })).statusCode();
            assertThat(status).isEqualTo(403);
        }
        // Past the deadline: a timer armed by mistake would have fired by now.
        Awaits.result(vertx.timer(600));

        assertThat(unhandled).as("exceptions on the event loop").isEmpty();
    }
}
