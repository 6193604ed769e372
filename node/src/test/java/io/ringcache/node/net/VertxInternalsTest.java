package io.ringcache.node.net;

import io.netty.channel.Channel;
import io.ringcache.node.testing.Awaits;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Exercises every method of {@link VertxInternals}, so a Vert.x upgrade that moves one fails here. */
class VertxInternalsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        Awaits.result(vertx.close());
    }

    @Test
    void newEventLoopContext_spreadsContextsOverTheEventLoops() throws Exception {
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Context context = VertxInternals.newEventLoopContext(vertx);
            assertThat(context.isEventLoopContext()).isTrue();
            CompletableFuture<String> thread = new CompletableFuture<>();
            context.runOnContext(ignored -> thread.complete(Thread.currentThread().getName()));
            threads.add(thread.get());
        }
        assertThat(threads).hasSizeGreaterThan(1);
    }

    @Test
    void channelOf_givesTheNettyChannelOfAConnection() throws Exception {
        CompletableFuture<Channel> channel = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer().connectionHandler(connection ->
                channel.complete(VertxInternals.channelOf(connection)))
                .requestHandler(request -> request.response().end("ok"));
        int port = Awaits.result(server.listen(0, "127.0.0.1")).actualPort();
        String body = Awaits.result(vertx.createHttpClient(new HttpClientOptions())
                .request(HttpMethod.GET, port, "127.0.0.1", "/")
                .compose(request -> request.send().compose(response -> response.body()))).toString();
        assertThat(body).isEqualTo("ok");
        assertThat(channel.get()).isNotNull();
        assertThat(channel.get().pipeline()).isNotNull();
    }
}
