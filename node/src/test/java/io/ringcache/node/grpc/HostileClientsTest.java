package io.ringcache.node.grpc;

import io.netty.util.Version;
import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients that misbehave on purpose, over real sockets to a node's endpoints (over an in-memory
 * store): each gets a clear answer or a closed connection, and the node keeps serving a
 * well-behaved client throughout.
 */
class HostileClientsTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** A slowloris client's pace: well inside the idle timeout, so only the read deadline can end it. */
    private static final long TRICKLE_MILLIS = 250;

    private static AdapterServers node;
    private static CacheTestClient goodClient;
    private final Vertx vertx = Vertx.vertx();

    @BeforeAll
    static void startNode() {
        node = AdapterServers.start("--idle-timeout=2s", "--request-read-timeout=1s", "--max-key-bytes=1024",
                "--max-value-bytes=300000", "--max-request-bytes=310000");
        goodClient = new CacheTestClient(node.grpcPort());
    }

    @AfterAll
    static void stopNode() {
        goodClient.close();
        Awaits.result(node.stop());
    }

    @AfterEach
    void closeVertx() {
        Awaits.result(vertx.close());
        assertNodeStillServes();
    }

    @Test
    void randomBytesOnTheGrpcPort_closeThatConnectionOnly() throws IOException {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        try (Socket socket = new Socket("127.0.0.1", node.grpcPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(junk);
            assertThat(readUntilClosed(socket.getInputStream())).as("bytes before close").isLessThan(1024);
        }
    }

    @Test
    void http11OnTheGrpcPort_getsAnHttpAnswerOrAClose_notAHang() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.grpcPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /ringcache.v1.CacheService/Get HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(12);
            assertThat(answer.length == 0 || new String(answer, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 4"))
                    .as("answer %s", new String(answer, StandardCharsets.US_ASCII)).isTrue();
        }
    }

    @Test
    void malformedProtobufInAValidGrpcFrame_isInvalidArgument() {
        byte[] frame = {0, 0, 0, 0, 6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        String status = Awaits.result(rawGrpcCall("/ringcache.v1.CacheService/Get", Buffer.buffer(frame)), 10);

        assertThat(status).isEqualTo(Integer.toString(GrpcStatus.INVALID_ARGUMENT.code));
    }

    @Test
    void aMessageOverTheSizeLimit_isResourceExhausted() {
        PutRequest huge = PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("x".repeat(400_000))).build();

        assertThatThrownBy(() -> goodClient.put(huge)).isInstanceOfSatisfying(GrpcCallException.class,
                e -> assertThat(e.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED));
    }

    @Test
    void thousandsOfStreamsOpenedAndResetAtOnce_rapidReset_endTheAbusiveConnectionNotTheNode() {
        HttpClient h2 = http2Client(1);
        AtomicInteger reset = new AtomicInteger();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            sent.add(h2.request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", "/ringcache.v1.CacheService/Get")
                    .compose(request -> {
                        request.connection().closeHandler(ignored -> closed.complete(null));
                        grpcHeaders(request);
                        return request.sendHead().compose(ignored -> request.reset()).onSuccess(ok -> reset.incrementAndGet());
                    }).recover(error -> Future.succeededFuture()));
        }
        Awaits.result(Future.join(sent), 60);

        assertThat(reset.get()).isPositive();
        // Netty's RST-flood guard answers GOAWAY and closes the connection.
        assertThat(closed).succeedsWithin(Duration.ofSeconds(30));
    }

    @Test
    void aClientThatOpensStreamsAndNeverReads_doesNotStopOthers_andMemoryStaysBounded() {
        goodClient.put(PutRequest.newBuilder().setKey(bytes("big")).setValue(bytes("v".repeat(250_000))).build());
        long heapBefore = heapAfterGc();
        HttpClient h2 = http2Client(1);
        List<HttpClientResponse> paused = new ArrayList<>();
        byte[] get = grpcFrame(GetRequest.newBuilder().setKey(bytes("big")).build()
                .toByteArray());
        List<Future<?>> responses = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            responses.add(h2.request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", "/ringcache.v1.CacheService/Get")
                    .compose(request -> {
                        grpcHeaders(request);
                        return request.send(Buffer.buffer(get));
                    }).onSuccess(response -> {
                        response.pause(); // never read: the flow-control window stays shut
                        synchronized (paused) {
                            paused.add(response);
                        }
                    })
                    // The node may close the stalled connection (idle timeout): fine.
                    .recover(error -> Future.succeededFuture()));
        }
        Awaits.result(Future.join(responses), 30);

        for (int i = 0; i < 50; i++) {
            assertThat(goodClient.get("big").getFound()).isTrue();
        }
        long grown = heapAfterGc() - heapBefore;
        System.out.printf("[never-reading client] 90 streams of a 250 kB value unread: heap grew %d kB%n",
                grown / 1024);
        assertThat(grown).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void anIdleConnection_isClosedByTheIdleTimeout() throws IOException {
        for (int port : List.of(node.grpcPort(), node.httpPort())) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout((int) IDLE_TIMEOUT.multipliedBy(5).toMillis());
                long start = System.nanoTime();
                assertThat(socket.getInputStream().read()).as("port %d closes", port).isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE_TIMEOUT.multipliedBy(4));
            }
        }
    }

    @Test
    void http1HeadersTrickledByteByByte_slowloris_areClosedByTheIdleTimeout_onBothPorts() throws Exception {
        // Vert.x counts a connection idle until its headers decode, whatever bytes trickle in.
        for (int port : List.of(node.httpPort(), node.grpcPort())) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout((int) IDLE_TIMEOUT.multipliedBy(5).toMillis());
                socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nhost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                long trickle = vertx.setPeriodic(TRICKLE_MILLIS, id -> {
                    try {
                        socket.getOutputStream().write('x');
                    } catch (IOException closed) {
                        vertx.cancelTimer(id);
                    }
                });
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                vertx.cancelTimer(trickle);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("[slowloris] headers trickled on port %d: closed after %d ms%n", port, took.toMillis());
                assertThat(answer).as("port %d", port).isEmpty();
                assertThat(took).isLessThan(IDLE_TIMEOUT.multipliedBy(2));
            }
        }
    }

    @Test
    void http1BodyTrickledByteByByte_getsA408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout((int) IDLE_TIMEOUT.multipliedBy(5).toMillis());
            socket.getOutputStream().write(("PUT /v1/caches/default/keys/slow HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                    + "content-type: application/json\r\ncontent-length: 100000\r\n\r\n{\"value\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            long trickle = vertx.setPeriodic(TRICKLE_MILLIS, id -> {
                try {
                    socket.getOutputStream().write('A');
                } catch (IOException closed) {
                    vertx.cancelTimer(id);
                }
            });
            long start = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            vertx.cancelTimer(trickle);
            System.out.printf("[slowloris] body trickled: 408 and closed after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aGrpcMessageTrickledByteByByte_hasItsStreamReset() {
        HttpClient h2 = http2Client(1);
        byte[] frame = grpcFrame(GetRequest.newBuilder().setKey(bytes("k".repeat(200))).build().toByteArray());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        long start = System.nanoTime();
        h2.request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", "/ringcache.v1.CacheService/Get").onSuccess(request -> {
            grpcHeaders(request);
            request.response().onComplete((response, error) -> outcome.complete(
                    error != null ? error : new AssertionError("answered " + response.statusCode())));
            AtomicInteger sent = new AtomicInteger();
            request.sendHead();
            vertx.setPeriodic(TRICKLE_MILLIS, id -> {
                int next = sent.getAndIncrement();
                if (outcome.isDone() || next >= frame.length - 1) {
                    vertx.cancelTimer(id);
                } else {
                    request.write(Buffer.buffer(new byte[] {frame[next]}));
                }
            });
        }).onFailure(outcome::complete);

        assertThat(outcome).succeedsWithin(IDLE_TIMEOUT.multipliedBy(4))
                .isInstanceOf(io.vertx.core.http.StreamResetException.class);
        System.out.printf("[slowloris] gRPC stream reset after %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @Test
    void aPipelineStreamMayStayOpenLongerThanTheReadTimeout() {
        HttpClient h2 = http2Client(1);
        byte[] get = grpcFrame(io.ringcache.proto.v1.PipelineRequest.newBuilder().setId(7)
                .setGet(GetRequest.newBuilder().setKey(bytes("alive"))).build().toByteArray());
        Future<String> status = h2.request(HttpMethod.POST, node.grpcPort(), "127.0.0.1",
                "/ringcache.v1.CacheService/Pipeline").compose(request -> {
            grpcHeaders(request);
            request.sendHead();
            // Silent for longer than the read timeout, shorter than the idle timeout.
            vertx.setTimer(READ_TIMEOUT.plus(IDLE_TIMEOUT).dividedBy(2).toMillis(),
                    id -> request.end(Buffer.buffer(get)));
            return request.response();
        }).compose(response -> response.end().map(ignored -> response.getTrailer("grpc-status")));

        assertThat(Awaits.result(status, 10)).isEqualTo("0");
    }

    @Test
    void deepOrHugeJsonOnTheHttpApi_isABadRequest_notAStackOverflow() throws Exception {
        String deep = "{\"value\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(httpPut("/v1/caches/default/keys/k", deep).statusCode()).isEqualTo(400);

        String huge = "{\"value\":\"" + "A".repeat(1_000_000) + "\"}";
        assertThat(httpPut("/v1/caches/default/keys/k", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void theHttp2StackIsANettyWithThe2025FloodFixes() {
        // MadeYouReset (CVE-2025-55163) is fixed from 4.2.4.Final; the 2025 decoder fixes from 4.2.5.
        String version = Version.identify().get("netty-codec-http2").artifactVersion();
        String[] parts = version.split("[.]");
        int minor = Integer.parseInt(parts[1]);
        int patch = Integer.parseInt(parts[2]);
        assertThat(parts[0]).isEqualTo("4");
        assertThat(minor > 2 || (minor == 2 && patch >= 5)).as("netty-codec-http2 %s", version).isTrue();
    }

    private static void assertNodeStillServes() {
        goodClient.put("alive", "yes");
        assertThat(goodClient.get("alive").getValue().toStringUtf8()).isEqualTo("yes");
    }

    private HttpClient http2Client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(connections));
    }

    private static void grpcHeaders(HttpClientRequest request) {
        request.putHeader("content-type", "application/grpc").putHeader("te", "trailers");
    }

    private Future<String> rawGrpcCall(String path, Buffer body) {
        return http2Client(1).request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", path).compose(request -> {
            grpcHeaders(request);
            return request.send(body);
        }).compose(response -> response.end().map(ignored -> {
            String status = response.getTrailer("grpc-status");
            return status != null ? status : response.getHeader("grpc-status");
        }));
    }

    private static byte[] grpcFrame(byte[] message) {
        byte[] frame = new byte[message.length + 5];
        frame[1] = (byte) (message.length >>> 24);
        frame[2] = (byte) (message.length >>> 16);
        frame[3] = (byte) (message.length >>> 8);
        frame[4] = (byte) message.length;
        System.arraycopy(message, 0, frame, 5, message.length);
        return frame;
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        int total = 0;
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
        }
        return total;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static HttpResponse<String> httpPut(String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
