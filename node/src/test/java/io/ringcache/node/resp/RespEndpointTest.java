package io.ringcache.node.resp;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.resp.RawRespClient.Err;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestCertificates;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.GetRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The RESP endpoint of one real node on 127.0.0.1, through raw sockets (exact bytes where the
 * format matters) and Jedis. The class's node maps database 1 to a second cache, allows 4
 * commands in progress per connection and gives a command 500 ms to arrive; nodes with other
 * settings (a token, TLS, a short idle timeout, a taken or disabled port) are started by the
 * tests that need them.
 */
class RespEndpointTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String NO_PASSWORD = "-ERR AUTH <password> called without any password configured for the "
            + "default user. Are you sure your configuration is correct?\r\n";

    @TempDir
    static Path dir;
    private static RingcacheNode node;
    private static RingcacheNode authNode;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("caches.yaml");
        Files.writeString(config, """
                caches:
                  other: {}
                """);
        node = TestNodes.startSingleNode("--config=" + config, "--resp-databases=0=default,1=other",
                "--resp-max-in-flight=4", "--request-read-timeout=500ms");
    }

    @AfterAll
    static void stop() {
        Awaits.result(node.stop());
        if (authNode != null) {
            Awaits.result(authNode.stop());
        }
    }

    // ---- connection commands and Redis's error wording

    @Test
    void valuesLongerThanMaxValueBytes_areRefusedBeforeAnyIsBuilt() {
        try (RawRespClient client = client()) {
            assertThat(client.call("SETRANGE", "big:range", "536870000", "x"))
                    .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
            assertThat(client.call("SETBIT", "big:bit", "4294967295", "1"))
                    .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
            assertThat(client.call("EXISTS", "big:range", "big:bit")).isEqualTo(":0\r\n");
            assertThat(client.call("SET", "float:tiny", "1")).isEqualTo("+OK\r\n");
            assertThat(client.call("INCRBYFLOAT", "float:tiny", "1e-100000000"))
                    .isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(client.call("INCRBYFLOAT", "float:tiny", "0.2")).isEqualTo("$3\r\n1.2\r\n");
        }
    }

    @Test
    void repliesLargerThanTheConnectionsBudget_areStreamedAsTheClientReads() throws Exception {
        String value = "v".repeat(256 * 1024);
        try (RawRespClient client = client()) {
            assertThat(client.call("SET", "budget:big", value)).isEqualTo("+OK\r\n");
            // 400 GETs of 256 KiB (100 MiB of replies) in one write: the node must not build them all at once.
            StringBuilder commands = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                commands.append("GET budget:big\r\n");
            }
            client.send(commands.toString());
            for (int i = 0; i < 400; i++) {
                assertThat(client.reply().value()).isEqualTo(value);
            }
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void clusterSlots_announceTheClientHost_whenOneIsSet() {
        RingcacheNode named = TestNodes.startSingleNode("--client-host=ringcache-0.ringcache-members.test.svc");
        try (RawRespClient client = RawRespClient.connect(named.respPort())) {
            assertThat(client.call("CLUSTER", "SLOTS")).contains("$38\r\nringcache-0.ringcache-members.test.svc\r\n:"
                    + named.respPort() + "\r\n");
            assertThat(client.call("CLUSTER", "NODES")).contains(" ringcache-0.ringcache-members.test.svc:"
                    + named.respPort() + "@");
        } finally {
            Awaits.result(named.stop(), 30);
        }
    }

    @Test
    void pingAndEcho() {
        try (RawRespClient client = client()) {
            client.send("PING\r\n");
            assertThat(client.reply().raw()).isEqualTo("+PONG\r\n");
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(client.call("PING", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat(client.call("ECHO", "hello world")).isEqualTo("$11\r\nhello world\r\n");
            assertThat(client.call("echo", "")).isEqualTo("$0\r\n\r\n");
            assertThat(client.call("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        }
    }

    @Test
    void errors_areInRedisWords() {
        try (RawRespClient client = client()) {
            assertThat(client.call("foo", "a")).isEqualTo("-ERR unknown command 'foo', with args beginning with: 'a' \r\n");
            assertThat(client.call("foo")).isEqualTo("-ERR unknown command 'foo', with args beginning with: \r\n");
            assertThat(client.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(client.call("get", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(client.call("SET", "errors:k", "v", "BOGUS")).isEqualTo("-ERR syntax error\r\n");
            assertThat(client.call("INCRBY", "errors:k", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(client.call("SET", "errors:k", "abc")).isEqualTo("+OK\r\n");
            assertThat(client.call("INCR", "errors:k")).as("the value is not a number")
                    .isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(client.call("SELECT", "99")).isEqualTo("-ERR DB index is out of range\r\n");
            assertThat(client.call("SELECT", "-1")).isEqualTo("-ERR DB index is out of range\r\n");
            assertThat(client.call("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(client.call("CLIENT", "nope")).isEqualTo("-ERR unknown subcommand 'nope'. Try CLIENT HELP.\r\n");
            assertThat(client.call("AUTH", "x")).isEqualTo(NO_PASSWORD);
            // Every error left the connection serving.
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void hello3_switchesToResp3_hello4IsRefused_andResetGoesBackToResp2() {
        try (RawRespClient client = client()) {
            RawRespClient.Reply hello = reply(client, "HELLO", "3");
            assertThat(hello.raw()).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
            assertThat(hello.value()).asList().containsSubsequence("proto", 3L).containsSubsequence("mode", "cluster");
            assertThat(client.call("GET", "hello:missing")).isEqualTo("_\r\n");
            assertThat(client.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
            assertThat(client.call("GET", "hello:missing")).as("still RESP3").isEqualTo("_\r\n");
            assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(client.call("GET", "hello:missing")).isEqualTo("$-1\r\n");
            assertThat(reply(client, "HELLO").raw()).as("HELLO without a version keeps RESP2").startsWith("*14\r\n");
        }
    }

    // ---- pipelining and the bound on commands in progress

    @Test
    void aThousandPipelinedCommandsInOneWrite_areAnsweredInOrder() {
        try (RawRespClient client = client()) {
            StringBuilder expected = new StringBuilder();
            java.io.ByteArrayOutputStream commands = new java.io.ByteArrayOutputStream();
            long counter = 0;
            for (int i = 0; i < 1000; i++) {
                switch (i % 3) {
                    case 0 -> {
                        commands.writeBytes(RawRespClient.command("SET", "pipe:" + i, "v" + i));
                        expected.append("+OK\r\n");
                    }
                    case 1 -> {
                        String value = "v" + (i - 1);
                        commands.writeBytes(RawRespClient.command("GET", "pipe:" + (i - 1)));
                        expected.append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
                    }
                    default -> {
                        commands.writeBytes(RawRespClient.command("INCR", "pipe:counter"));
                        expected.append(':').append(++counter).append("\r\n");
                    }
                }
            }
            client.send(commands.toByteArray());
            StringBuilder replies = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                replies.append(client.reply().raw());
            }
            assertThat(replies.toString()).isEqualTo(expected.toString());
        }
    }

    @Test
    void aClientThatWritesTenThousandCommandsWithoutReading_getsEveryReplyInOrder_andOthersAreServedMeanwhile()
            throws Exception {
        String big = "b".repeat(2048);
        try (RawRespClient setup = client()) {
            assertThat(setup.call("SET", "inflight:big", big)).isEqualTo("+OK\r\n");
        }
        java.io.ByteArrayOutputStream commands = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            commands.writeBytes(i % 2 == 0 ? RawRespClient.command("INCR", "inflight:counter")
                    : RawRespClient.command("GET", "inflight:big"));
        }
        try (RawRespClient greedy = client(); RawRespClient other = client()) {
            String greedyId = "id=" + greedy.value("CLIENT", "ID") + " ";
            // 10 MB of replies: more than the socket buffers hold, so the node must stop reading for a while.
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> greedy.send(commands.toByteArray()));
            await().atMost(10, TimeUnit.SECONDS).until(() -> clientLine(other, greedyId).contains(" cmd=incr ")
                    || clientLine(other, greedyId).contains(" cmd=get "));
            assertThat(other.call("SET", "inflight:other", "v")).isEqualTo("+OK\r\n");
            assertThat(other.call("GET", "inflight:other")).isEqualTo("$1\r\nv\r\n");
            // Longer than request-read-timeout (500 ms): a command the node has not read yet is not late.
            await().during(900, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> !clientLine(other, greedyId).isEmpty());
            String bulk = "$2048\r\n" + big + "\r\n";
            for (int i = 0; i < 10_000; i++) {
                String reply = greedy.reply().raw();
                if (i % 2 == 0) {
                    assertThat(reply).as("reply %d", i).isEqualTo(":" + (i / 2 + 1) + "\r\n");
                } else {
                    assertThat(reply).as("reply %d", i).isEqualTo(bulk);
                }
            }
            written.get(10, TimeUnit.SECONDS);
            assertThat(greedy.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aClientThatReadsSlowly_isNotClosedForCommandsTheNodeHasNotRead() throws Exception {
        // Commands of 1 KiB, fewer than the in-flight bound per read: the node reads as far as it can, then
        // stops on a full write queue, most likely inside a command. The read deadline must not run meanwhile.
        // 1 s, not less: the deadline is wall-clock time since a command's first bytes, and on a loaded 2-core
        // machine the connection's event loop once went 500 ms without reading the bytes already sent (reset).
        RingcacheNode slowReaders = TestNodes.startSingleNode("--request-read-timeout=1s");
        try (RawRespClient reader = RawRespClient.connect(slowReaders.respPort());
             RawRespClient probe = RawRespClient.connect(slowReaders.respPort())) {
            String readerId = "id=" + reader.value("CLIENT", "ID") + " ";
            String padding = "p".repeat(1000);
            java.io.ByteArrayOutputStream commands = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                commands.writeBytes(RawRespClient.command("ECHO", String.format("%05d", i) + padding));
            }
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> reader.send(commands.toByteArray()));
            // Three times request-read-timeout without reading a reply: the node keeps the connection.
            await().during(3000, TimeUnit.MILLISECONDS).atMost(8, TimeUnit.SECONDS)
                    .until(() -> !clientLine(probe, readerId).isEmpty());
            for (int i = 0; i < 10_000; i++) {
                assertThat(reader.reply().raw()).as("reply %d", i)
                        .isEqualTo("$1005\r\n" + String.format("%05d", i) + padding + "\r\n");
            }
            written.get(10, TimeUnit.SECONDS);
        } finally {
            Awaits.result(slowReaders.stop());
        }
    }

    // ---- bad input

    @Test
    void malformedResp_isAProtocolError_andTheConnectionCloses() {
        assertProtocolError("*1\r\n+foo\r\n", "-ERR Protocol error: expected '$', got '+'\r\n");
        assertProtocolError("*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void aBulkLengthOverMaxValueBytes_isRefusedOnItsHeader() {
        assertProtocolError("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + (1024 * 1024 + 1) + "\r\n",
                "-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void tenMillionArgumentsAnnounced_isRefusedAtOnce() {
        assertProtocolError("*10000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void anUnterminatedInlineCommandOf1MiB_isRefused() throws Exception {
        try (RawRespClient client = client()) {
            byte[] line = new byte[1024 * 1024];
            Arrays.fill(line, (byte) 'a');
            // The node stops reading part-way: the write may fail once it has closed.
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> client.send(line));
            String received = client.readUntilClosed(Duration.ofSeconds(5));
            assertThat(received).as("closed").isNotNull();
            assertThat("-ERR Protocol error: too big inline request\r\n").startsWith(received);
            written.handle((ok, failure) -> null).get(5, TimeUnit.SECONDS);
        }
        assertServing();
    }

    @Test
    void binaryGarbage_getsErrorsOnly_andTheConnectionCloses() {
        byte[] garbage = new byte[64 * 1024];
        new Random(13).nextBytes(garbage);
        garbage[garbage.length - 1] = 'x'; // ends mid-line, whatever came before
        try (RawRespClient client = client()) {
            client.send(garbage);
            String received = client.readUntilClosed(Duration.ofSeconds(5));
            assertThat(received).as("closed: a protocol error or the unfinished last line").isNotNull();
            for (String line : received.split("\r\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                assertThat(line).as("every reply is an error").startsWith("-");
            }
        }
        assertServing();
    }

    @Test
    void aCommandTrickledOneByteAtATime_succeeds() throws Exception {
        try (RawRespClient client = client()) {
            // One write per byte (no Nagle): the node sees the command arrive in many pieces.
            for (byte b : RawRespClient.command("SET", "trickle:key", "slowly")) {
                client.send(new byte[]{b});
            }
            assertThat(client.reply().raw()).isEqualTo("+OK\r\n");
            for (byte b : "GET trickle:key\r\n".getBytes(StandardCharsets.US_ASCII)) {
                client.send(new byte[]{b});
            }
            assertThat(client.reply().raw()).isEqualTo("$6\r\nslowly\r\n");
        }
    }

    @Test
    void aHalfSentCommand_idleLongerThanRequestReadTimeout_closesTheConnection() {
        try (RawRespClient client = client()) {
            client.send("*2\r\n$3\r\nGET\r\n$3\r\nke");
            long started = System.nanoTime();
            String received = client.readUntilClosed(Duration.ofSeconds(5));
            long afterMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(received).as("closed").isEqualTo("");
            assertThat(afterMs).as("not before the 500 ms timeout").isGreaterThanOrEqualTo(400);
        }
        try (RawRespClient idle = client()) {
            assertThat(idle.readUntilClosed(Duration.ofMillis(1500))).as("an idle connection between commands stays")
                    .isNull();
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    // ---- AUTH, the idle timeout

    @Test
    void withAToken_commandsNeedAuth_andTheTokenAuthenticates() {
        int port = authNode().respPort();
        try (RawRespClient client = RawRespClient.connect(port)) {
            assertThat(client.call("GET", "auth:k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("AUTH", "wrong"))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(client.call("AUTH", "someone", "s3cret"))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(client.call("GET", "auth:k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "auth:k")).isEqualTo("$-1\r\n");
        }
        try (RawRespClient client = RawRespClient.connect(port)) {
            assertThat(client.call("AUTH", "default", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(client.call("SET", "auth:k", "v")).isEqualTo("+OK\r\n");
        }
        try (RawRespClient client = RawRespClient.connect(port)) {
            assertThat(client.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already "
                    + "authenticated");
            assertThat(reply(client, "HELLO", "3", "AUTH", "default", "wrong").raw())
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(reply(client, "HELLO", "3", "AUTH", "default", "s3cret").raw()).startsWith("%7\r\n");
            assertThat(client.call("GET", "auth:k")).isEqualTo("$1\r\nv\r\n");
            assertThat(client.call("GET", "auth:missing")).isEqualTo("_\r\n");
        }
        try (RawRespClient client = RawRespClient.connect(port)) {
            // Before AUTH a client cannot make the node buffer much (as Redis).
            client.send("*11\r\n");
            assertThat(client.readUntilClosed(Duration.ofSeconds(5)))
                    .isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        }
        try (Jedis jedis = new Jedis("127.0.0.1", port, DefaultJedisClientConfig.builder().password("s3cret").build())) {
            assertThat(jedis.get("auth:k")).isEqualTo("v");
        }
    }

    @Test
    void anIdleConnection_isClosedAfterTheIdleTimeout() {
        try (RawRespClient client = RawRespClient.connect(authNode().respPort())) {
            assertThat(client.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            long started = System.nanoTime();
            assertThat(client.readUntilClosed(Duration.ofSeconds(6))).as("closed").isEqualTo("");
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(800);
        }
    }

    // ---- databases

    @Test
    void select_picksTheMappedCache() {
        try (RawRespClient client = client(); CacheTestClient grpc = new CacheTestClient(node.grpcPort())) {
            assertThat(client.call("SELECT", "1")).isEqualTo("+OK\r\n");
            assertThat(client.call("SET", "select:k", "in db 1")).isEqualTo("+OK\r\n");
            assertThat(client.call("SELECT", "0")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "select:k")).isEqualTo("$-1\r\n");
            assertThat(client.call("SELECT", "1")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "select:k")).isEqualTo("$7\r\nin db 1\r\n");
            assertThat(grpc.get(GetRequest.newBuilder().setCache("other").setKey(bytes("select:k")).build())
                    .getValue().toStringUtf8()).isEqualTo("in db 1");
            assertThat(grpc.get("select:k").getFound()).isFalse();
        }
    }

    // ---- other protocols of the same node

    @Test
    void countersAndValues_areSharedWithGrpcAndHttp() throws Exception {
        try (RawRespClient client = client(); CacheTestClient grpc = new CacheTestClient(node.grpcPort())) {
            assertThat(client.call("INCRBY", "interop:counter", "41")).isEqualTo(":41\r\n");
            assertThat(client.call("INCR", "interop:counter")).isEqualTo(":42\r\n");
            assertThat(grpc.get("interop:counter").getValue().toStringUtf8()).isEqualTo("42");
            assertThat(grpc.increment("interop:counter", -50).getValue()).isEqualTo(-8);
            assertThat(client.call("GET", "interop:counter")).isEqualTo("$2\r\n-8\r\n");
            assertThat(client.call("DECRBY", "interop:counter", "2")).isEqualTo(":-10\r\n");
            assertThat(grpc.get("interop:counter").getValue().toStringUtf8()).isEqualTo("-10");

            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(httpUri("/v1/caches/default/keys/interop%3Ahttp"))
                    .header("content-type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofString("from http")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(client.call("GET", "interop:http")).isEqualTo("$9\r\nfrom http\r\n");
            assertThat(client.call("SET", "interop:resp", "from resp")).isEqualTo("+OK\r\n");
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(httpUri("/v1/caches/default/keys/interop%3Aresp"))
                    .header("accept", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("from resp");
        }
    }

    @Test
    void jedis_isServed() {
        try (Jedis jedis = new Jedis("127.0.0.1", node.respPort())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("jedis:a", "1")).isEqualTo("OK");
            assertThat(jedis.incrBy("jedis:a", 9)).isEqualTo(10);
            assertThat(jedis.mset("jedis:b", "2", "jedis:c", "3")).isEqualTo("OK");
            assertThat(jedis.mget("jedis:a", "jedis:b", "jedis:missing")).containsExactly("10", "2", null);
            assertThat(jedis.expire("jedis:a", 100)).isEqualTo(1);
            assertThat(jedis.ttl("jedis:a")).isBetween(1L, 100L);
            assertThat(jedis.exists("jedis:a", "jedis:b", "jedis:missing")).isEqualTo(2);
            assertThat(jedis.del("jedis:a", "jedis:b")).isEqualTo(2);
            assertThat(jedis.get("jedis:a")).isNull();
        }
    }

    // ---- introspection, cluster, server

    @Test
    void command_describesTheTable() {
        try (RawRespClient client = client()) {
            long count = (Long) client.value("COMMAND", "COUNT");
            assertThat(list(client.value("COMMAND"))).hasSize((int) count);
            assertThat(count).isGreaterThan(50);

            List<Object> info = list(list(client.value("COMMAND", "INFO", "get")).get(0));
            assertThat(info.get(0)).isEqualTo("get");
            assertThat(info.get(1)).as("arity").isEqualTo(2L);
            assertThat(list(info.get(2))).as("flags").contains("readonly");
            assertThat(info.subList(3, 6)).as("first key, last key, step").containsExactly(1L, 1L, 1L);
            assertThat(list(client.value("COMMAND", "INFO", "nosuchcommand"))).containsExactly((Object) null);

            assertThat(list(client.value("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"))).containsExactly("a", "b");
            assertThat(list(client.value("COMMAND", "GETKEYS", "GET", "k"))).containsExactly("k");
            assertThat(client.value("COMMAND", "GETKEYS", "PING")).isEqualTo(new Err("ERR The command has no key arguments"));

            List<Object> docs = list(client.value("COMMAND", "DOCS", "get"));
            assertThat(docs.get(0)).isEqualTo("get");
            List<Object> fields = list(docs.get(1));
            assertThat(fields.get(0)).isEqualTo("summary");
            assertThat((String) fields.get(1)).isNotBlank();
        }
    }

    @Test
    void cluster_describesOneNodeServingEverySlot() {
        try (RawRespClient client = client()) {
            String myId = (String) client.value("CLUSTER", "MYID");
            assertThat(myId).matches("[0-9a-f]{40}");
            List<Object> slots = list(client.value("CLUSTER", "SLOTS"));
            assertThat(slots).hasSize(1);
            List<Object> range = list(slots.get(0));
            assertThat(range.subList(0, 2)).containsExactly(0L, 16383L);
            List<Object> master = list(range.get(2));
            assertThat(master.subList(0, 3)).containsExactly("127.0.0.1", (long) node.respPort(), myId);
            assertThat(client.call("CLUSTER", "KEYSLOT", "foo")).isEqualTo(":12182\r\n");
            assertThat(client.call("CLUSTER", "KEYSLOT", "{user1}.a")).isEqualTo(client.call("CLUSTER", "KEYSLOT", "{user1}.b"));
            assertThat((String) client.value("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_assigned:16384");
            assertThat((String) client.value("CLUSTER", "NODES")).contains(myId + " 127.0.0.1:" + node.respPort() + "@")
                    .contains("myself,master").contains(" 0-16383");
        }
    }

    @Test
    void infoConfigAndTime_answerWhatToolsAsk() {
        try (RawRespClient client = client()) {
            String info = (String) client.value("INFO");
            assertThat(info).contains("redis_version:", "cluster_enabled:1", "connected_clients:", "arch_bits:");
            assertThat((String) client.value("INFO", "server")).contains("redis_version:").doesNotContain("connected_clients");
            assertThat(list(client.value("CONFIG", "GET", "maxmemory"))).hasSize(2).first().isEqualTo("maxmemory");
            assertThat(list(client.value("CONFIG", "GET", "databases"))).containsExactly("databases", "2");
            assertThat(list(client.value("CONFIG", "GET", "save"))).containsExactly("save", "");
            assertThat(list(client.value("CONFIG", "GET", "appendonly"))).containsExactly("appendonly", "no");
            List<Object> time = list(client.value("TIME"));
            assertThat(time).hasSize(2);
            assertThat(Long.parseLong((String) time.get(0))).isCloseTo(System.currentTimeMillis() / 1000,
                    org.assertj.core.data.Offset.offset(5L));
            assertThat(Long.parseLong((String) time.get(1))).isBetween(0L, 999_999L);
        }
    }

    @Test
    void metrics_countRespCommands_andTheSharedOperations() throws Exception {
        String before = scrape();
        try (RawRespClient client = client()) {
            client.call("SET", "metrics:k", "v");
            for (int i = 0; i < 3; i++) {
                assertThat(client.call("GET", "metrics:k")).isEqualTo("$1\r\nv\r\n");
            }
        }
        String after = scrape();
        assertThat(value(after, "ringcache_protocol_commands_total", "command=\"get\"", "protocol=\"resp\"")
                - value(before, "ringcache_protocol_commands_total", "command=\"get\"", "protocol=\"resp\""))
                .isEqualTo(3);
        assertThat(value(after, "ringcache_requests_total", "operation=\"get\"", "cache=\"default\"")
                - value(before, "ringcache_requests_total", "operation=\"get\"", "cache=\"default\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(after).contains("ringcache_protocol_connections{");
    }

    // ---- the port, TLS

    @Test
    void aRespPortInUse_failsStartUp_namingTheSetting() throws Exception {
        int taken = FreePorts.next();
        try (ServerSocket occupied = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestNodes.startSingleNode("--resp-port=" + taken))
                    .satisfies(error -> assertThat(rootMessage(error)).contains("resp-port").contains("" + taken)
                            .doesNotContain("\n"));
        }
    }

    @Test
    void respPortOff_startsWithoutARespListener() {
        RingcacheNode off = TestNodes.startSingleNode("--resp-port=off");
        try {
            assertThatThrownBy(off::respPort).isInstanceOf(RuntimeException.class);
            try (CacheTestClient grpc = new CacheTestClient(off.grpcPort())) {
                grpc.put("off:k", "v");
                assertThat(grpc.get("off:k").getFound()).isTrue();
            }
        } finally {
            Awaits.result(off.stop());
        }
    }

    @Test
    void tls_servesAnSslClient_andNotAPlainOne() throws Exception {
        TestCertificates certs = TestCertificates.createIn(dir);
        RingcacheNode tls = TestNodes.startSingleNode("--tls-cert=" + certs.serverCert(),
                "--tls-key=" + certs.serverKey());
        try {
            int port = tls.respPort();
            DefaultJedisClientConfig ssl = DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(trusting(certs.caCert()).getSocketFactory()).build();
            try (Jedis jedis = new Jedis("127.0.0.1", port, ssl)) {
                assertThat(jedis.set("tls:k", "over TLS")).isEqualTo("OK");
                assertThat(jedis.get("tls:k")).isEqualTo("over TLS");
            }
            DefaultJedisClientConfig plain = DefaultJedisClientConfig.builder().socketTimeoutMillis(3000).build();
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port, plain)) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisException.class);
            try (RawRespClient raw = RawRespClient.connect(port)) {
                raw.send("PING\r\n");
                String received = raw.readUntilClosed(Duration.ofSeconds(5));
                assertThat(received == null ? "" : received).doesNotContain("PONG");
            }
        } finally {
            Awaits.result(tls.stop());
        }
    }

    // ---- helpers

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static RawRespClient client() {
        return RawRespClient.connect(node.respPort());
    }

    private static RawRespClient.Reply reply(RawRespClient client, String... args) {
        client.send(RawRespClient.command(args));
        return client.reply();
    }

    /** Sends {@code bytes} on a fresh connection: the reply is {@code error}, then the node closes it. */
    private static void assertProtocolError(String bytes, String error) {
        try (RawRespClient client = client()) {
            client.send(bytes);
            assertThat(client.readUntilClosed(Duration.ofSeconds(5))).as(bytes).isEqualTo(error);
        }
        assertServing();
    }

    /** A second client is served. */
    private static void assertServing() {
        try (RawRespClient other = client()) {
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(other.call("SET", "serving:k", "v")).isEqualTo("+OK\r\n");
            assertThat(other.call("GET", "serving:k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    /** A node with {@code auth-token=s3cret} and a one-second idle timeout, started on first use. */
    private static synchronized RingcacheNode authNode() {
        if (authNode == null) {
            authNode = TestNodes.startSingleNode("--auth-token=s3cret", "--idle-timeout=1s");
        }
        return authNode;
    }

    /** The CLIENT LIST line of the connection whose line starts with {@code idPrefix} ("id=7 "), or "". */
    private static String clientLine(RawRespClient probe, String idPrefix) {
        return String.valueOf(probe.value("CLIENT", "LIST")).lines().filter(line -> line.startsWith(idPrefix))
                .findFirst().orElse("");
    }

    private static URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(httpUri("/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the series named {@code name} with every one of {@code labels}. */
    private static double value(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String rootMessage(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("resp-port")) {
                return t.getMessage();
            }
            messages.append(t).append(" / ");
        }
        return messages.toString();
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
