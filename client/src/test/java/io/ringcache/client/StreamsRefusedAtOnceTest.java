package io.ringcache.client;

import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's bidirectional streams against a node that refuses them at once, with a
 * trailers-only UNAVAILABLE as a starting node answers. Each stream must end on the client and
 * give its slot back: the server here allows one stream per connection, so a stream left
 * half-open makes the next one wait for ever (what stalled the client after a scale-up).
 */
class StreamsRefusedAtOnceTest {

    private static final String REASON = "node not ready: joining the cluster";

    private Vertx vertx;
    private HttpServer server;
    private VertxTransport transport;
    private VertxPipelineWire wire;
    private String address;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(1)))
                .requestHandler(request -> request.response()
                        .putHeader("content-type", "application/grpc")
                        .putHeader("grpc-status", "14")
                        .putHeader("grpc-message", REASON)
                        .end())
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        address = "127.0.0.1:" + server.actualPort();
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false);
        transport = new VertxTransport(vertx, false, options, 1, Map.of());
        wire = new VertxPipelineWire(vertx, transport, options, 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        wire.closeConnections().get(10, TimeUnit.SECONDS);
        transport.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void pipelineStreams_endWithTheNodesReason_andFreeTheirConnection() throws Exception {
        for (int stream = 0; stream < 3; stream++) {
            RingcacheException why = openPipelineAndWrite().get(10, TimeUnit.SECONDS);
            assertThat(why.isRetryable()).isTrue();
            assertThat(why.getMessage()).contains(REASON);
        }
    }

    @Test
    void invalidationStreams_endWithTheNodesReason_andFreeTheirSlot() throws Exception {
        for (int stream = 0; stream < 3; stream++) {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Transport.InvalidationCall call = transport.watchInvalidations(address, event -> { }, ended::complete);
            call.send(InvalidationRequest.newBuilder().setCache("default").addWatchSlots(1).build());
            assertThat(ended.get(10, TimeUnit.SECONDS)).hasMessageContaining(REASON);
            // A send racing with the end is dropped quietly; the watcher opens another stream.
            call.send(InvalidationRequest.newBuilder().setCache("default").addWatchSlots(2).build());
        }
    }

    private CompletableFuture<RingcacheException> openPipelineAndWrite() throws Exception {
        CompletableFuture<RingcacheException> ended = new CompletableFuture<>();
        PipelineWire.Sink sink = wire.open(address, new PipelineWire.Listener() {
            @Override
            public void answered(PipelineResponse response) {
            }

            @Override
            public void ended(RingcacheException why) {
                ended.complete(why);
            }
        }).get(10, TimeUnit.SECONDS);
        sink.execute(() -> sink.write(List.of(PipelineRequest.newBuilder().setId(1).build())));
        return ended;
    }
}
