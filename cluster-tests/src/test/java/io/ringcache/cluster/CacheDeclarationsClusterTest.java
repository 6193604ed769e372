package io.ringcache.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ringcache.node.cluster.CacheAgreement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes that declare different caches: the difference is logged and shown, and clears when the odd one leaves. */
class CacheDeclarationsClusterTest {

    private final Logger log = (Logger) LoggerFactory.getLogger(CacheAgreement.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private InJvmCluster cluster;

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stop() {
        log.detachAppender(logged);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCacheOnlyOneNodeDeclares_isWarnedAbout_untilThatNodeLeaves() throws Exception {
        Path config = Files.createDirectories(Path.of("target")).resolve("odd-node-caches.yaml");
        Files.writeString(config, "caches:\n  sessions:\n    default-ttl: 2s\n");
        cluster = InJvmCluster.start(1, 2);
        cluster.addNode("--config=" + config.toAbsolutePath());
        cluster.awaitMembers(2);
        String plain = "127.0.0.1:" + cluster.hazelcast(0).getCluster().getLocalMember().getAddress().getPort();
        String odd = "127.0.0.1:" + cluster.hazelcast(1).getCluster().getLocalMember().getAddress().getPort();

        for (int node = 0; node < 2; node++) {
            int index = node;
            await("node " + index + " shows the mismatch").atMost(Duration.ofSeconds(20))
                    .until(() -> ready(index).containsKey("cache_mismatch"));
            JsonObject ready = ready(index);
            assertThat(ready.getString("status")).as("a mismatch leaves the node in service").isEqualTo("UP");
            JsonArray mismatches = ready.getJsonArray("cache_mismatch");
            assertThat(mismatches).hasSize(1);
            JsonObject sessions = mismatches.getJsonObject(0);
            assertThat(sessions.getString("cache")).isEqualTo("sessions");
            assertThat(sessions.getJsonObject("declared").getMap()).containsOnlyKeys(odd);
            assertThat(sessions.getJsonObject("declared").getString(odd)).contains("default-ttl=2s");
            assertThat(sessions.getJsonArray("missing_on").getList()).containsExactly(plain);
            assertThat(get(index, "/v1/cluster").getJsonArray("cache_mismatch")).isEqualTo(mismatches);
        }
        assertThat(warnings()).anySatisfy(line -> assertThat(line)
                .contains("every node must declare the same caches")
                .contains("'sessions' declared on " + odd + " (default-ttl=2s")
                .contains("but not on " + plain));

        cluster.stopGracefully(1);

        await("the mismatch clears").atMost(Duration.ofSeconds(20))
                .until(() -> !ready(0).containsKey("cache_mismatch"));
        assertThat(get(0, "/v1/cluster").getJsonArray("cache_mismatch")).isEmpty();
        assertThat(logged.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .isEqualTo("Cache declarations agree again across 1 member(s)"));
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private JsonObject ready(int node) throws Exception {
        return get(node, "/health/ready");
    }

    private JsonObject get(int node, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cluster.node(node).httpPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new JsonObject(response.body());
    }
}
