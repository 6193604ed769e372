package io.ringcache.node.console;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRoutesTest {

    private static final String TOKEN = "console-token";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<InputStream> openStreams = new ArrayList<>();
    private AdapterServers servers;

    @AfterEach
    void stop() throws IOException {
        for (InputStream stream : openStreams) {
            stream.close();
        }
        if (servers != null) {
            Awaits.result(servers.stop(), 30);
        }
    }

    @Test
    void thePageAndItsFiles_areServedFromTheJar_withTheirContentTypes() throws Exception {
        servers = AdapterServers.start();
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).get().asString().contains("default-src 'self'");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
        for (String file : ConsoleAssets.PAGE_FILES) {
            HttpResponse<String> asset = get("/console/" + file, null);
            assertThat(asset.statusCode()).as(file).isEqualTo(200);
            assertThat(asset.body()).as(file).isNotEmpty();
        }
        assertThat(get("/console/app.js", null).headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css", null).headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
        HttpResponse<String> chart = get("/console/lib/uPlot.esm.js", null);
        assertThat(chart.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(chart.body()).contains("export { uPlot as default }");
        assertThat(get("/console/lib/uPlot.min.css", null).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = get("/console/nothing.js", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("NOT_FOUND");
    }

    @Test
    void withAuth_thePageLoadsWithoutTheToken_butItsDataIsRefused() throws Exception {
        servers = AdapterServers.start("--auth-token=" + TOKEN);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
        assertThat(new JsonObject(get("/console/access", null).body()).getBoolean("token_required")).isTrue();
        for (String path : List.of("/v1/console/stats", "/v1/console/events", "/v1/console/placement/k", "/v1/cluster")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "wrong").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/v1/console/stats", TOKEN).statusCode()).isEqualTo(200);
        assertThat(post("/v1/caches/default/keys/k/touch?ttl_ms=1000", null).statusCode()).isEqualTo(401);
    }

    @Test
    void withoutAuth_thePageSaysNoTokenIsNeeded() throws Exception {
        servers = AdapterServers.start();
        assertThat(new JsonObject(get("/console/access", null).body()).getBoolean("token_required")).isFalse();
    }

    @Test
    void stats_carryEveryMembersCounters() throws Exception {
        servers = AdapterServers.start();
        put("counted", "v");
        get("/v1/caches/default/keys/counted", null);
        get("/v1/caches/default/keys/absent", null);
        try (CacheTestClient grpc = new CacheTestClient(servers.grpcPort())) {
            grpc.get("counted");
        }
        JsonObject stats = new JsonObject(get("/v1/console/stats", null).body());
        JsonObject member = stats.getJsonArray("members").getJsonObject(0);
        assertThat(member.getString("id")).isEqualTo("local");
        assertThat(member.getBoolean("ready")).isTrue();
        assertThat(member.getJsonObject("requests").getLong("get")).isEqualTo(3);
        assertThat(member.getJsonObject("requests").getLong("put")).isEqualTo(1);
        assertThat(member.getJsonObject("protocol_commands").getLong("http")).isEqualTo(3);
        assertThat(member.getJsonObject("protocol_commands").getLong("grpc")).isEqualTo(1);
        assertThat(member.getLong("hits")).isEqualTo(2);
        assertThat(member.getLong("misses")).isEqualTo(1);
        JsonObject latency = member.getJsonObject("latency");
        assertThat(latency.getLong("total")).isEqualTo(4);
        assertThat(latency.getJsonArray("bounds_ms")).hasSameSizeAs(latency.getJsonArray("counts")).isNotEmpty();
        assertThat(member.getJsonObject("caches").getJsonObject("default").getLong("entries")).isEqualTo(1);
    }

    @Test
    void touch_setsATtl_andNeverCreatesAKey() throws Exception {
        servers = AdapterServers.start();
        put("touched", "v");
        HttpResponse<String> touched = post("/v1/caches/default/keys/touched/touch?ttl_ms=60000", null);
        assertThat(new JsonObject(touched.body()).getBoolean("found")).isTrue();
        long ttl = Long.parseLong(get("/v1/caches/default/keys/touched", null).headers()
                .firstValue("x-ringcache-ttl-remaining-ms").orElseThrow());
        assertThat(ttl).isBetween(1L, 60_000L);
        assertThat(new JsonObject(post("/v1/caches/default/keys/never/touch?ttl_ms=1000", null).body())
                .getBoolean("found")).isFalse();
        assertThat(get("/v1/caches/default/keys/never", null).statusCode()).isEqualTo(404);
    }

    @Test
    void placement_namesTheSlotAndItsOwner() throws Exception {
        servers = AdapterServers.start();
        JsonObject placement = new JsonObject(get("/v1/console/placement/user:42", null).body());
        assertThat(placement.getInteger("slot")).isBetween(0, 16383);
        assertThat(placement.getJsonObject("owner").getString("id")).isEqualTo("local");
        assertThat(placement.getJsonArray("backups")).isEmpty();
    }

    @Test
    void theFeed_sendsStatsAsServerSentEvents() throws Exception {
        servers = AdapterServers.start();
        HttpResponse<InputStream> feed = openFeed();
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        BufferedReader lines = new BufferedReader(new InputStreamReader(feed.body(), StandardCharsets.UTF_8));
        String data = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("event: stats")) {
                        return lines.readLine();
                    }
                }
                return null;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(data).startsWith("data: ");
        JsonObject stats = new JsonObject(data.substring("data: ".length()));
        assertThat(stats.getJsonArray("members")).hasSize(1);
    }

    @Test
    void feedsAreCapped_andEndWhenTheNodeStops() throws Exception {
        servers = AdapterServers.start();
        for (int i = 0; i < ConsoleFeed.MAX_FEEDS; i++) {
            assertThat(openFeed().statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = get("/v1/console/events", null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(refused.body()).getString("message")).contains("console feeds");
        // The open feeds do not hold the shutdown for its 20 s grace.
        long start = System.nanoTime();
        Awaits.result(servers.stop(), 30);
        servers = null;
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private HttpResponse<InputStream> openFeed() throws Exception {
        HttpResponse<InputStream> response = http.send(request("/v1/console/events", null).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        openStreams.add(response.body());
        return response;
    }

    private void put(String key, String value) throws Exception {
        HttpResponse<String> response = http.send(request("/v1/caches/default/keys/" + key, null)
                .header("content-type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        return token == null ? builder : builder.header("authorization", "Bearer " + token);
    }
}
