package io.ringcache.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.TestCertificates;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.io.File;
import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real Redis clients against the RESP endpoint of in-JVM nodes: Jedis and Lettuce, standalone
 * and as cluster clients, redis-cli and redis-py. Keys written through one node are read
 * through the others; a cluster client sends each key to its owner, so the routed-key metric
 * stays near zero; a cluster client recovers from a node's crash with no acknowledged write
 * lost; AUTH, TLS and {@code resp-redirect=moved}. Most tests share one 3-node cluster; those
 * that need other settings, or kill a node, start their own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RespClientsClusterTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;
    private static InJvmCluster cluster;
    private static ClientResources lettuceResources;

    @BeforeAll
    static void start() {
        cluster = InJvmCluster.start(3);
        lettuceResources = DefaultClientResources.create();
    }

    @AfterAll
    static void stop() {
        if (lettuceResources != null) {
            lettuceResources.shutdown(100, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(10_000);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    // 1. Jedis standalone: any node serves any key.

    @Test
    void jedisStandalone_keysWrittenThroughOneNode_areReadThroughTheOthers() {
        try (RedisClient one = jedis(0); RedisClient two = jedis(1); RedisClient three = jedis(2)) {
            assertThat(one.set("js:plain", "written through node 1")).isEqualTo("OK");
            assertThat(two.get("js:plain")).isEqualTo("written through node 1");
            assertThat(three.get("js:plain")).isEqualTo("written through node 1");

            String[] keysAndValues = IntStream.range(0, 60).boxed()
                    .flatMap(i -> java.util.stream.Stream.of("js:multi:" + i, "value " + i)).toArray(String[]::new);
            String[] keys = IntStream.range(0, 60).mapToObj(i -> "js:multi:" + i).toArray(String[]::new);
            assertThat(IntStream.range(0, 60).map(i -> cluster.ownerOf(keys[i])).distinct().count())
                    .as("the MSET spans every owner").isEqualTo(3);
            assertThat(one.mset(keysAndValues)).isEqualTo("OK");
            List<String> expected = IntStream.range(0, 60).mapToObj(i -> "value " + i).toList();
            assertThat(two.mget(keys)).isEqualTo(expected);
            assertThat(three.mget(keys)).isEqualTo(expected);

            assertThat(one.incr("js:counter")).isEqualTo(1);
            assertThat(two.incrBy("js:counter", 4)).isEqualTo(5);
            assertThat(three.incr("js:counter")).isEqualTo(6);
            assertThat(one.get("js:counter")).isEqualTo("6");

            assertThat(one.expire("js:plain", 100)).isEqualTo(1);
            assertThat(two.ttl("js:plain")).isBetween(90L, 100L);
            assertThat(three.ttl("js:multi:0")).isEqualTo(-1);
            assertThat(three.ttl("js:absent")).isEqualTo(-2);

            assertThat(two.del(keys)).isEqualTo(60);
            assertThat(three.exists(keys)).isZero();
            assertThat(one.del("js:plain", "js:counter", "js:absent")).isEqualTo(2);
            assertThat(three.get("js:plain")).isNull();
        }
    }

    // 2. Jedis cluster client: each key goes to its owner.

    @Test
    void jedisClusterClient_sendsEachKeyToItsOwner_soAlmostNoKeyIsRouted_inResp2AndResp3() throws Exception {
        int keys = 1000;
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            String prefix = "jc:" + protocol + ":";
            Map<String, Double> before = routedKeys(cluster);
            try (RedisClusterClient client = RedisClusterClient.builder()
                    .nodes(Set.of(new HostAndPort(HOST, cluster.node(0).respPort())))
                    .clientConfig(jedisConfig().protocol(protocol).build()).build()) {
                assertThat(client.getClusterNodes()).hasSize(3);
                for (int i = 0; i < keys; i++) {
                    assertThat(client.set(prefix + i, "v" + i)).isEqualTo("OK");
                }
                for (int i = 0; i < keys; i++) {
                    assertThat(client.get(prefix + i)).isEqualTo("v" + i);
                }
                assertThat(client.incrBy(prefix + "counter", 7)).isEqualTo(7);
                assertThat(client.del(prefix + "counter")).isEqualTo(1);
            }
            assertMostlyLocal(before, routedKeys(cluster), 2 * keys + 2);
            try (RedisClient other = jedis(2)) {
                assertThat(other.get(prefix + (keys - 1))).isEqualTo("v" + (keys - 1));
            }
        }
    }

    // 3. Lettuce, standalone and cluster, RESP2 and RESP3.

    @Test
    void lettuceClusterClient_sendsEachKeyToItsOwner_andStandaloneConnectionsReadItsKeys() throws Exception {
        int keys = 1000;
        Map<String, Double> before = routedKeys(cluster);
        io.lettuce.core.cluster.RedisClusterClient clusterClient = io.lettuce.core.cluster.RedisClusterClient.create(
                lettuceResources, uri(cluster.node(0).respPort()));
        clusterClient.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
            RedisAdvancedClusterCommands<String, String> commands = connection.sync();
            assertThat(connection.getPartitions()).hasSize(3);
            assertThat(commands.clientInfo()).as("a RESP3 connection (HELLO 3)").contains("resp=3");
            for (int i = 0; i < keys; i++) {
                assertThat(commands.set("lc:" + i, "v" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < keys; i++) {
                assertThat(commands.get("lc:" + i)).isEqualTo("v" + i);
            }
            // Lettuce splits a cross-slot MGET by slot, each part to its slot's owner.
            String[] all = IntStream.range(0, keys).mapToObj(i -> "lc:" + i).toArray(String[]::new);
            assertThat(commands.mget(all)).allSatisfy(value -> assertThat(value.hasValue()).isTrue()).hasSize(keys);
        } finally {
            clusterClient.shutdown(Duration.ofMillis(100), Duration.ofSeconds(5));
        }
        assertMostlyLocal(before, routedKeys(cluster), 3 * keys);

        io.lettuce.core.RedisClient standalone = io.lettuce.core.RedisClient.create(lettuceResources);
        try {
            for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
                standalone.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
                int node = protocol == ProtocolVersion.RESP2 ? 1 : 2;
                String read = protocol == ProtocolVersion.RESP2 ? "lc:0" : "lc:3";
                try (StatefulRedisConnection<String, String> connection = standalone.connect(
                        uri(cluster.node(node).respPort()))) {
                    RedisCommands<String, String> commands = connection.sync();
                    assertThat(commands.clientInfo()).contains(protocol == ProtocolVersion.RESP2 ? "resp=2" : "resp=3");
                    assertThat(commands.get(read)).isEqualTo(read.replace("lc:", "v"));
                    assertThat(commands.mget("lc:1", "lc:2", "lc:absent").stream()
                            .map(value -> value.getValueOrElse(null)).toList())
                            .containsExactly("v1", "v2", null);
                    String counter = "lc:counter:" + protocol;
                    assertThat(commands.incr(counter)).isEqualTo(1);
                    assertThat(commands.expire(counter, 50)).isTrue();
                    assertThat(commands.ttl(counter)).isBetween(40L, 50L);
                    assertThat(commands.del(counter, read)).isEqualTo(2);
                    assertThat(commands.exists(read)).isZero();
                }
            }
        } finally {
            standalone.shutdown(Duration.ofMillis(100), Duration.ofSeconds(5));
        }
    }

    // 4. A node killed under a cluster client's load.

    @Tag("slow")
    @Test
    void aNodeKilledUnderAJedisClusterClientsLoad_theClientRecovers_andNoAcknowledgedWriteIsLost() throws Exception {
        try (InJvmCluster killed = InJvmCluster.start(3);
             RedisClusterClient client = RedisClusterClient.builder()
                     .nodes(Set.of(new HostAndPort(HOST, killed.node(0).respPort())))
                     .clientConfig(jedisConfig().build())
                     .maxAttempts(5)
                     .maxTotalRetriesDuration(Duration.ofSeconds(10))
                     .build()) {
            killOneNodeUnderWrites(killed, "Jedis", client::set);
        }
    }

    @Tag("slow")
    @Test
    void aNodeKilledUnderALettuceClusterClientsLoad_theClientRecovers_andNoAcknowledgedWriteIsLost() throws Exception {
        try (InJvmCluster killed = InJvmCluster.start(3)) {
            io.lettuce.core.cluster.RedisClusterClient client = io.lettuce.core.cluster.RedisClusterClient.create(
                    lettuceResources, uri(killed.node(0).respPort()));
            // Lettuce re-reads the topology only when told to: periodically, or on persistent reconnects.
            client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions
                    .builder().enablePeriodicRefresh(Duration.ofSeconds(5)).enableAllAdaptiveRefreshTriggers()
                    .build()).build());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                RedisAdvancedClusterCommands<String, String> commands = connection.sync();
                killOneNodeUnderWrites(killed, "Lettuce", commands::set);
            } finally {
                client.shutdown(Duration.ofMillis(100), Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Terminates node 3 (never the client's seed) while a thread writes unique keys through
     * {@code write}; the client must write again within {@link #RECOVERY_BOUND}, and once the
     * writer stops every acknowledged key must be readable through each survivor.
     */
    private static void killOneNodeUnderWrites(InJvmCluster killed, String clientName, BiConsumer<String, String> write)
            throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger consecutive = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                String key = "kill:" + i;
                try {
                    write.accept(key, "v" + i);
                    acknowledged.put(key, "v" + i);
                    consecutive.incrementAndGet();
                } catch (RuntimeException e) {
                    consecutive.set(0);
                    failures.incrementAndGet();
                    lastFailure.set(e);
                }
            }
        }, "resp-kill-writer");
        writer.start();
        try {
            await("writes under way").atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 1000);
            int victim = 2;
            int ackedBeforeKill = acknowledged.size();
            long killedAt = System.nanoTime();
            killed.terminate(victim);
            killed.awaitMembers(2);
            int ackedAtMembership = acknowledged.size();
            // 1000 consecutive writes of sequential keys touch the slots of every survivor.
            await("writes succeed again after the kill").atMost(RECOVERY_BOUND)
                    .until(() -> consecutive.get() >= 1000 && acknowledged.size() >= ackedAtMembership + 1000);
            long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("[resp kill] node %d of 3 terminated under a %s cluster client's writes: 1000 "
                            + "consecutive writes acknowledged %d ms after the kill; %d writes acknowledged before it, "
                            + "%d failed (last: %s)%n",
                    victim, clientName, recoveredMs, ackedBeforeKill, failures.get(), lastFailure.get());
        } finally {
            running.set(false);
            writer.join(30_000);
        }
        assertThat(writer.isAlive()).as("the writer stopped").isFalse();

        for (int survivor : killed.running()) {
            try (RedisClient reader = RedisClient.builder().hostAndPort(HOST, killed.node(survivor).respPort())
                    .clientConfig(jedisConfig().build()).build()) {
                assertThat(unreadable(reader, acknowledged)).as("of %d acknowledged keys, unreadable through node %d",
                        acknowledged.size(), survivor).isEmpty();
            }
        }
    }

    // 5. AUTH and TLS.

    @Test
    void authToken_noauthBeforeAuth_wrongpassForAWrongPassword_andJedisWithThePasswordIsServed() {
        String token = "s3cret-resp-token";
        RingcacheNode node = TestNodes.startSingleNode("--auth-token=" + token);
        try {
            HostAndPort address = new HostAndPort(HOST, node.respPort());
            try (Jedis anonymous = new Jedis(address, jedisConfig().build())) {
                assertThatThrownBy(() -> anonymous.get("auth:key")).hasMessageStartingWith("NOAUTH");
            }
            assertThatThrownBy(() -> {
                try (Jedis wrong = new Jedis(address, jedisConfig().password("not-the-token").build())) {
                    wrong.ping();
                }
            }).hasMessageContaining("WRONGPASS");
            try (RedisClient client = RedisClient.builder().hostAndPort(address)
                    .clientConfig(jedisConfig().password(token).build()).build()) {
                assertThat(client.set("auth:key", "authenticated")).isEqualTo("OK");
                assertThat(client.get("auth:key")).isEqualTo("authenticated");
            }
            try (Jedis userAndPassword = new Jedis(address, jedisConfig().user("default").password(token).build())) {
                assertThat(userAndPassword.get("auth:key")).isEqualTo("authenticated");
            }
        } finally {
            node.terminate().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void tls_jedisAndLettuceTrustingTheCa_areServed() throws Exception {
        TestCertificates certs = TestCertificates.createIn(Files.createDirectories(dir.resolve("certs")));
        RingcacheNode node = TestNodes.startSingleNode("--tls-cert=" + certs.serverCert(),
                "--tls-key=" + certs.serverKey());
        try {
            try (RedisClient client = RedisClient.builder().hostAndPort(HOST, node.respPort())
                    .clientConfig(jedisConfig().ssl(true).sslSocketFactory(trusting(certs.caCert()).getSocketFactory())
                            .build()).build()) {
                assertThat(client.set("tls:key", "over TLS")).isEqualTo("OK");
                assertThat(client.get("tls:key")).isEqualTo("over TLS");
            }
            io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(lettuceResources);
            lettuce.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(certs.caCert().toFile()).build()).build());
            try (StatefulRedisConnection<String, String> connection = lettuce.connect(RedisURI.builder()
                    .withHost(HOST).withPort(node.respPort()).withSsl(true).withVerifyPeer(true)
                    .withTimeout(CLIENT_TIMEOUT).build())) {
                assertThat(connection.sync().get("tls:key")).isEqualTo("over TLS");
            } finally {
                lettuce.shutdown(Duration.ofMillis(100), Duration.ofSeconds(5));
            }
        } finally {
            node.terminate().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    // 6. resp-redirect=moved.

    @Test
    void redirectMoved_aKeyOwnedElsewhereIsAnsweredMoved_andAJedisClusterClientStillWorks() throws Exception {
        try (InJvmCluster moved = InJvmCluster.start(3, "--resp-redirect=moved")) {
            String elsewhere = keyOwnedBy(moved, 1, "moved:");
            String here = keyOwnedBy(moved, 0, "here:");
            try (Jedis raw = new Jedis(new HostAndPort(HOST, moved.node(0).respPort()), jedisConfig().build())) {
                assertThatThrownBy(() -> raw.sendCommand(Protocol.Command.GET, elsewhere))
                        .isInstanceOfSatisfying(JedisMovedDataException.class, e -> {
                            assertThat(e.getSlot()).isEqualTo(Slots.slot(elsewhere.getBytes(StandardCharsets.UTF_8)));
                            assertThat(e.getTargetNode()).isEqualTo(new HostAndPort(HOST, moved.node(1).respPort()));
                        })
                        .hasMessageStartingWith("MOVED " + Slots.slot(elsewhere.getBytes(StandardCharsets.UTF_8))
                                + " " + HOST + ":" + moved.node(1).respPort());
                assertThat(raw.set(here, "served here")).isEqualTo("OK");
                assertThat(raw.get(here)).isEqualTo("served here");
            }
            int keys = 500;
            Map<String, Double> before = routedKeys(moved);
            try (RedisClusterClient client = jedisCluster(moved.node(0).respPort())) {
                for (int i = 0; i < keys; i++) {
                    assertThat(client.set("mv:" + i, "v" + i)).isEqualTo("OK");
                }
                for (int i = 0; i < keys; i++) {
                    assertThat(client.get("mv:" + i)).isEqualTo("v" + i);
                }
            }
            assertMostlyLocal(before, routedKeys(moved), 2 * keys);
        }
    }

    // 7. redis-cli.

    @Test
    void redisCli_followsTheClusterAcrossNodes_andClusterCheckFindsEverySlotCovered() throws Exception {
        assumeTrue(onPath("redis-cli"), "redis-cli is not on the PATH (Debian's redis-tools)");
        int first = cluster.node(0).respPort();
        int second = cluster.node(1).respPort();

        Run set = run("redis-cli", "-c", "-h", HOST, "-p", Integer.toString(first), "set", "cli:key", "from redis-cli");
        assertThat(set.exit()).as(set.output()).isZero();
        assertThat(set.output().strip()).isEqualTo("OK");
        Run get = run("redis-cli", "-c", "-h", HOST, "-p", Integer.toString(second), "get", "cli:key");
        assertThat(get.exit()).as(get.output()).isZero();
        assertThat(get.output().strip()).isEqualTo("from redis-cli");

        Run check = run("redis-cli", "--cluster", "check", HOST + ":" + first);
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("[OK] All 16384 slots covered.");
        System.out.println("[resp redis-cli --cluster check]\n" + check.output());
    }

    // 8. redis-py's cluster client.

    @Test
    void redisPyClusterClient_setsAndGetsAHundredKeys_andSplitsMultiKeyCallsBySlot() throws Exception {
        String python = "/usr/bin/python3";
        assumeTrue(Files.isExecutable(Path.of(python)) && run(python, "-c", "import redis").exit() == 0,
                python + " cannot import redis (Debian's python3-redis)");
        String script = String.join("\n",
                "import sys",
                "from redis.cluster import RedisCluster",
                "client = RedisCluster(host=sys.argv[1], port=int(sys.argv[2]), socket_timeout=10)",
                "for i in range(100):",
                "    assert client.set('py:%d' % i, 'v%d' % i), i",
                "for i in range(100):",
                "    value = client.get('py:%d' % i)",
                "    assert value == ('v%d' % i).encode(), (i, value)",
                // Multi-key calls split by slot, which needs COMMAND's key positions.
                "pairs = {'py:multi:%d' % i: 'm%d' % i for i in range(50)}",
                "assert client.mset_nonatomic(pairs)",
                "assert client.mget_nonatomic(list(pairs)) == [v.encode() for v in pairs.values()]",
                "assert client.incr('py:counter') == 1 and client.incrby('py:counter', 9) == 10",
                "assert client.expire('py:counter', 100) and 90 <= client.ttl('py:counter') <= 100",
                "assert client.delete(*pairs, 'py:counter') == 51",
                "assert client.ping()",
                "print('nodes', len(client.get_nodes()))",
                "client.close()");
        Run run = run(python, "-c", script, HOST, Integer.toString(cluster.node(0).respPort()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("nodes 3");
        try (RedisClient other = jedis(2)) {
            assertThat(other.get("py:99")).isEqualTo("v99");
        }
    }

    // Helpers.

    private static DefaultJedisClientConfig.Builder jedisConfig() {
        int millis = (int) CLIENT_TIMEOUT.toMillis();
        // No CLIENT SETINFO on connect: the AUTH test's first command must be the one it sends.
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    }

    private static RedisClient jedis(int node) {
        return RedisClient.builder().hostAndPort(HOST, cluster.node(node).respPort())
                .clientConfig(jedisConfig().build()).build();
    }

    private static RedisClusterClient jedisCluster(int seedPort) {
        JedisClientConfig config = jedisConfig().build();
        return RedisClusterClient.builder().nodes(Set.of(new HostAndPort(HOST, seedPort))).clientConfig(config)
                .build();
    }

    private static RedisURI uri(int port) {
        return RedisURI.builder().withHost(HOST).withPort(port).withTimeout(CLIENT_TIMEOUT).build();
    }

    private static String keyOwnedBy(InJvmCluster nodes, int node, String prefix) {
        for (int i = 0; ; i++) {
            if (nodes.ownerOf(prefix + i) == node) {
                return prefix + i;
            }
        }
    }

    /** The acknowledged keys a client cannot read back with their value, read with MGET in chunks. */
    private static List<String> unreadable(UnifiedJedis client, Map<String, String> written) {
        List<String> keys = new ArrayList<>(written.keySet());
        List<String> missing = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            List<String> values = client.mget(chunk.toArray(String[]::new));
            for (int i = 0; i < chunk.size(); i++) {
                if (!written.get(chunk.get(i)).equals(values.get(i))) {
                    missing.add(chunk.get(i));
                }
            }
        }
        return missing;
    }

    /** Keys the cluster's nodes served as owners ("local") and sent to another ("remote"), over every node running. */
    private static Map<String, Double> routedKeys(InJvmCluster nodes) throws Exception {
        Map<String, Double> totals = new LinkedHashMap<>(Map.of("local", 0.0, "remote", 0.0));
        for (int node : nodes.running()) {
            String metrics = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + HOST + ":" + nodes.node(node).httpPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            metrics.lines().filter(line -> line.startsWith("ringcache_keys_routed_total{")).forEach(line -> {
                String route = line.contains("route=\"remote\"") ? "remote" : "local";
                totals.merge(route, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            });
        }
        return totals;
    }

    /** A cluster client's {@code keyOperations} were served by their owners: under 1% routed. */
    private static void assertMostlyLocal(Map<String, Double> before, Map<String, Double> after, int keyOperations) {
        double local = after.get("local") - before.get("local");
        double remote = after.get("remote") - before.get("remote");
        System.out.printf("[resp routing] %d key operations by a cluster client: %.0f served by their owner, %.0f "
                + "routed%n", keyOperations, local, remote);
        assertThat(remote).as("keys routed to another node").isLessThan(keyOperations * 0.01);
        assertThat(local).as("keys served by their owner").isGreaterThanOrEqualTo(keyOperations * 0.99);
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private record Run(int exit, String output) {
    }

    /** Runs a process to its end, bounded by {@link #PROCESS_TIMEOUT}, with its output and errors together. */
    private static Run run(String... command) throws Exception {
        Path output = Files.createTempFile(dir, "process", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + PROCESS_TIMEOUT + ": "
                    + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        Set<String> dirs = new HashSet<>(List.of(path.split(File.pathSeparator)));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
