package io.ringcache.node.http;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The key API over HTTP/JSON, through a real HTTP client, on the HTTP endpoint over an in-memory store. */
class KeyApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static AdapterServers node;

    @BeforeAll
    static void start() {
        node = AdapterServers.start("--max-key-bytes=256", "--max-value-bytes=1000", "--max-request-bytes=4096");
    }

    @AfterAll
    static void stop() {
        Awaits.result(node.stop());
    }

    @Test
    void putJson_thenGetJsonAndRaw() throws Exception {
        HttpResponse<String> put = send("PUT", "/v1/caches/default/keys/user%3A1?ttl_ms=60000",
                "application/json", "{\"value\":\"" + b64("Ada") + "\"}", null);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(put.body()).getLong("version")).isEqualTo(1);

        JsonObject got = new JsonObject(send("GET", "/v1/caches/default/keys/user%3A1", null, null, null).body());
        assertThat(new String(Base64.getDecoder().decode(got.getString("value")), StandardCharsets.UTF_8))
                .isEqualTo("Ada");
        assertThat(got.getLong("version")).isEqualTo(1);
        assertThat(got.getLong("ttl_remaining_ms")).isBetween(1L, 60_000L);

        HttpResponse<String> raw = send("GET", "/v1/caches/default/keys/user%3A1", null, null,
                "application/octet-stream");
        assertThat(raw.body()).isEqualTo("Ada");
        assertThat(raw.headers().firstValue("x-ringcache-version")).contains("1");
    }

    @Test
    void putRaw_conditions_andDelete() throws Exception {
        String path = "/v1/caches/default/keys/raw-key";
        assertThat(send("PUT", path, "application/octet-stream", "v1", null).statusCode()).isEqualTo(200);

        JsonObject absent = new JsonObject(send("PUT", path + "?if=absent", "application/octet-stream", "x", null).body());
        JsonObject cas = new JsonObject(send("PUT", path + "?if=version&version=1", "application/octet-stream", "v2",
                null).body());
        assertThat(absent.getBoolean("applied")).isFalse();
        assertThat(cas.getBoolean("applied")).isTrue();
        assertThat(cas.getLong("version")).isEqualTo(2);

        assertThat(new JsonObject(send("DELETE", path + "?version=1", null, null, null).body()).getBoolean("deleted"))
                .isFalse();
        assertThat(new JsonObject(send("DELETE", path, null, null, null).body()).getBoolean("deleted")).isTrue();
        HttpResponse<String> missing = send("GET", path, null, null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("KEY_NOT_FOUND");
    }

    @Test
    void badRequests_getPreciseStatusesAndJsonErrors() throws Exception {
        assertError(send("GET", "/v1/caches/nope/keys/k", null, null, null), 404, "CACHE_NOT_FOUND");
        assertError(send("PUT", "/v1/caches/default/keys/k?ttl_ms=-1", "application/octet-stream", "v", null), 400,
                "INVALID_ARGUMENT");
        assertError(send("PUT", "/v1/caches/default/keys/k?ttl_ms=soon", "application/octet-stream", "v", null), 400,
                "INVALID_ARGUMENT");
        assertError(send("PUT", "/v1/caches/default/keys/k", "application/json", "{not json", null), 400,
                "INVALID_ARGUMENT");
        assertError(send("PUT", "/v1/caches/default/keys/k", "application/json", "{\"value\":\"%%%\"}", null), 400,
                "INVALID_ARGUMENT");
        assertError(send("PUT", "/v1/caches/default/keys/k?if=sometimes", "application/octet-stream", "v", null), 400,
                "INVALID_ARGUMENT");
        assertError(send("PUT", "/v1/caches/default/keys/k", "application/octet-stream", "v".repeat(1001), null), 400,
                "INVALID_ARGUMENT");
        assertThat(send("PUT", "/v1/caches/default/keys/k", "application/octet-stream", "v".repeat(5000), null)
                .statusCode()).isEqualTo(413);
        assertThat(send("PUT", "/v1/caches/default/keys/k", "application/octet-stream", "fine", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void cacheList_showsSettingsAndThisNodesStats() throws Exception {
        send("PUT", "/v1/caches/default/keys/listed", "application/octet-stream", "v", null);

        JsonObject list = new JsonObject(send("GET", "/v1/caches", null, null, null).body());

        JsonObject cache = list.getJsonArray("caches").getJsonObject(0);
        assertThat(cache.getString("name")).isEqualTo("default");
        assertThat(cache.getJsonObject("settings").getString("eviction")).isEqualTo("NONE");
        assertThat(cache.getJsonObject("this_node").getLong("owned_entries")).isPositive();
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(error);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
                                             String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (accept != null) {
            request.header("accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
