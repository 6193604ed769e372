package io.ringcache.cluster;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every series the Grafana dashboard in k8s/ queries is one a running node exposes. */
class GrafanaDashboardTest {

    private static final Pattern SERIES = Pattern.compile("\\b((?:ringcache|jvm|process)_[a-z0-9_]+)");

    private static Set<String> exposedSeries(RingcacheNode node) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Set<String> exposed = new TreeSet<>();
        metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        return exposed;
    }

    @Test
    void everyQueriedSeries_existsOnANodesMetricsEndpoint() throws Exception {
        JsonObject dashboard = new JsonObject(Files.readString(Path.of("..", "k8s", "grafana-dashboard.json")));
        Set<String> queried = new TreeSet<>();
        dashboard.getJsonArray("panels").forEach(panel -> ((JsonObject) panel).getJsonArray("targets")
                .forEach(target -> {
                    Matcher names = SERIES.matcher(((JsonObject) target).getString("expr"));
                    while (names.find()) {
                        queried.add(names.group(1));
                    }
                }));

        RingcacheNode node = TestNodes.startSingleNode();
        try (CacheTestClient client = new CacheTestClient(node.grpcPort())) {
            client.put("k", "v");
            client.get("k");
            client.get("missing"); // so hit and miss counters exist
            System.gc(); // GC pause series appear with the first collection
            assertThat(queried).isNotEmpty();
            await("every queried series exposed").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(exposedSeries(node)).containsAll(queried));
        } finally {
            Awaits.result(node.stop());
        }
    }
}
