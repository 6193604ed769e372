package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Logs of real node processes with {@code --log-format=json}: every line one JSON object;
 * membership changes and shutdown steps logged once each at INFO; refused requests not logged
 * at all; the auth token never written.
 */
class LogFormatIT {

    private static final String TOKEN = "log-test-token-3f9a1c7e5b";
    private final List<ForkedNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ForkedNode node : nodes) {
            node.close();
        }
    }

    @Test
    void jsonLogs_oneObjectPerLine_eventsOnceAtInfo_noPerRequestLines_noToken() throws Exception {
        String clusterName = TestNodes.uniqueClusterName();
        List<Integer> memberPorts = List.of(FreePorts.next(), FreePorts.next());
        String join = "127.0.0.1:" + memberPorts.get(0) + ",127.0.0.1:" + memberPorts.get(1);
        for (int i = 0; i < 2; i++) {
            nodes.add(ForkedNode.start(clusterName, memberPorts.get(i), join, "json" + i, List.of(),
                    List.of("--log-format=json", "--auth-token=" + TOKEN)));
        }
        await("both nodes ready with 2 members").atMost(Duration.ofSeconds(60))
                .until(() -> nodes.stream().allMatch(n -> n.isReadyWith(2)));

        try (CacheTestClient stranger = new CacheTestClient("127.0.0.1", nodes.get(0).grpcPort(),
                Duration.ofSeconds(5), new HttpClientOptions(), Map.of());
             CacheTestClient member = new CacheTestClient("127.0.0.1", nodes.get(0).grpcPort(),
                     Duration.ofSeconds(5), new HttpClientOptions(), Map.of("authorization", "Bearer " + TOKEN))) {
            for (int i = 0; i < 50; i++) {
                stranger.statusOf(() -> stranger.get("k"));
                member.statusOf(() -> member.put(io.ringcache.proto.v1.PutRequest.newBuilder()
                        .setKey(CacheTestClient.bytes("")).build()));
            }
        }
        assertThat(nodes.get(1).terminate(Duration.ofSeconds(60))).isZero();
        await("node 0 saw node 1 leave").atMost(Duration.ofSeconds(30))
                .until(() -> messages(0).stream().anyMatch(m -> m.startsWith("Member left")));

        for (int i = 0; i < 2; i++) {
            List<JsonObject> lines = jsonLines(i);
            assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames())
                    .contains("timestamp", "level", "loggerName", "formattedMessage"));
            String all = String.join("\n", Files.readAllLines(nodes.get(i).log()));
            assertThat(all).as("node %d log", i).doesNotContain(TOKEN);
            assertThat(messages(i)).as("node %d: refused requests are not logged", i)
                    .noneMatch(m -> m.contains("UNAUTHENTICATED") || m.contains("INVALID_ARGUMENT"));
        }
        // Whichever node formed the cluster logs the other's arrival, once; the other logs its join.
        assertThat(infoMessages(0).stream().filter(m -> m.startsWith("Member joined")).count()
                + infoMessages(1).stream().filter(m -> m.startsWith("Member joined")).count()).isEqualTo(1);
        assertThat(infoMessages(0)).filteredOn(m -> m.startsWith("Member left")).hasSize(1);
        assertThat(infoMessages(1)).filteredOn(m -> m.startsWith("Shutting down: readiness DOWN")).hasSize(1);
        assertThat(infoMessages(1)).filteredOn(m -> m.startsWith("Shutting down: handing partitions off")).hasSize(1);
        assertThat(infoMessages(1)).filteredOn(m -> m.equals("Shutdown complete")).hasSize(1);
    }

    @Test
    void threeNodesForm_andOneLeavesGracefully_withoutWarningsOrStackTraces() throws Exception {
        String clusterName = TestNodes.uniqueClusterName();
        List<Integer> memberPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
        String join = String.join(",", memberPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        for (int i = 0; i < 3; i++) {
            nodes.add(ForkedNode.start(clusterName, memberPorts.get(i), join, "three" + i, List.of(),
                    List.of("--log-format=json")));
        }
        await("three nodes ready with 3 members").atMost(Duration.ofSeconds(90))
                .until(() -> nodes.stream().allMatch(n -> n.isReadyWith(3)));

        // At once, while the formation's migrations may still run: the scale-down users meet.
        assertThat(nodes.get(2).terminate(Duration.ofSeconds(60))).isZero();
        await("the others saw it leave").atMost(Duration.ofSeconds(30)).until(() -> messages(0).stream()
                .anyMatch(m -> m.startsWith("Member left")) && messages(1).stream().anyMatch(m -> m.startsWith("Member left")));

        for (int i = 0; i < 3; i++) {
            assertThat(jsonLines(i)).as("node %d: warnings and errors", i)
                    .filteredOn(line -> !"INFO".equals(line.getString("level")) && !"DEBUG".equals(line.getString("level")))
                    .isEmpty();
            assertThat(jsonLines(i)).as("node %d: stack traces", i)
                    .filteredOn(line -> line.getValue("throwable") != null)
                    .isEmpty();
        }
        for (int i = 0; i < 2; i++) {
            assertThat(infoMessages(i)).filteredOn(m -> m.startsWith("Member left"))
                    .singleElement().asString().contains("shut down gracefully");
        }
    }

    /** The log's lines, each parsed; the JVM's own warnings (stderr, shared file here) excepted. */
    private List<JsonObject> jsonLines(int node) throws Exception {
        List<JsonObject> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(nodes.get(node).log())) {
            if (line.isBlank() || line.startsWith("WARNING: ")) {
                continue;
            }
            try {
                parsed.add(new JsonObject(line));
            } catch (DecodeException e) {
                throw new AssertionError("node " + node + " wrote a line that is not JSON: " + line, e);
            }
        }
        return parsed;
    }

    private List<String> messages(int node) throws Exception {
        return jsonLines(node).stream().map(line -> line.getString("formattedMessage", "")).toList();
    }

    private List<String> infoMessages(int node) throws Exception {
        return jsonLines(node).stream().filter(line -> "INFO".equals(line.getString("level")))
                .map(line -> line.getString("formattedMessage", "")).toList();
    }
}
