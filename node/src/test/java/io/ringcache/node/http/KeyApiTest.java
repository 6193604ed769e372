package io.ringcache.node.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.LogCapture;
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
import java.util.List;

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
    void curlsDefaultFormType_isRefusedWithTheHeaderToSend() throws Exception {
        HttpResponse<String> form = send("PUT", "/v1/caches/default/keys/form-key", "application/x-www-form-urlencoded",
                "raw bytes", null);

        assertError(form, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(message(form)).contains("-H 'Content-Type: application/octet-stream'")
                .contains("application/json").contains("application/x-www-form-urlencoded");
        assertError(send("PUT", "/v1/caches/default/keys/form-key", null, "raw bytes", null), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(send("GET", "/v1/caches/default/keys/form-key", null, null, null), 404, "KEY_NOT_FOUND");
    }

    @Test
    void versionAlone_isCompareAndSet_andContradictionsAreRefused() throws Exception {
        String path = "/v1/caches/default/keys/cas-key";
        send("PUT", path, "application/octet-stream", "v1", null);

        JsonObject stale = new JsonObject(send("PUT", path + "?version=7", "application/octet-stream", "x", null).body());
        JsonObject current = new JsonObject(send("PUT", path + "?version=1", "application/octet-stream", "v2", null)
                .body());

        assertThat(stale.getBoolean("applied")).isFalse();
        assertThat(current.getBoolean("applied")).isTrue();
        assertThat(current.getLong("version")).isEqualTo(2);
        HttpResponse<String> contradiction = send("PUT", path + "?if=absent&version=2", "application/octet-stream",
                "x", null);
        assertError(contradiction, 400, "INVALID_ARGUMENT");
        assertThat(message(contradiction)).contains("if=absent").contains("version=");
    }

    @Test
    void ifVersionWithoutVersion_namesTheQueryParameter() throws Exception {
        for (String query : new String[] {"?if=version", "?if=version&version=0", "?if=version&version=-3"}) {
            HttpResponse<String> response = send("PUT", "/v1/caches/default/keys/k" + query,
                    "application/octet-stream", "v", null);
            assertError(response, 400, "INVALID_ARGUMENT");
            assertThat(message(response)).as(query).contains("version=N").doesNotContain("expected");
        }
        HttpResponse<String> delete = send("DELETE", "/v1/caches/default/keys/k?version=-1", null, null, null);
        assertError(delete, 400, "INVALID_ARGUMENT");
        assertThat(message(delete)).contains("version").doesNotContain("expected");
    }

    @Test
    void oversizedBodies_getTheJsonErrorNamingTheSetting_andLogNoError() throws Exception {
        List<ILoggingEvent> logged;
        try (LogCapture log = LogCapture.root()) {
            for (int size : new int[] {5000, 6 * 1024 * 1024}) {
                HttpResponse<String> big = send("PUT", "/v1/caches/default/keys/k", "application/octet-stream",
                        "v".repeat(size), null);
                assertError(big, 413, "REQUEST_TOO_LARGE");
                assertThat(message(big)).contains("max-request-bytes").contains("4096");
            }
            assertThat(send("PUT", "/v1/caches/default/keys/k", "application/octet-stream", "fine", null)
                    .statusCode()).isEqualTo(200);
            logged = log.events();
        }
        assertThat(logged).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }

    @Test
    void unknownRoutesAndMethods_answerJsonErrors() throws Exception {
        assertError(send("GET", "/v1/nothing-here", null, null, null), 404, "NOT_FOUND");
        HttpResponse<String> post = send("POST", "/v1/caches/default/keys/k", "application/octet-stream", "v", null);
        assertError(post, 405, "METHOD_NOT_ALLOWED");
        assertThat(message(post)).contains("GET").contains("PUT").contains("DELETE");
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
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(error);
    }

    private static String message(HttpResponse<String> response) {
        return new JsonObject(response.body()).getString("message");
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
