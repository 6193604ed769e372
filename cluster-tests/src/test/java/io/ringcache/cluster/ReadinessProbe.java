package io.ringcache.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a node's {@code /health/ready}, as a load balancer or Kubernetes would. */
final class ReadinessProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ReadinessProbe() {
    }

    /** The answer's JSON body with its HTTP status under {@code "http"}; null while the node does not answer. */
    static JsonObject ask(String host, int httpPort) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body()).put("http", response.statusCode());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Members the node sees while it is ready; -1 when it is not ready or does not answer. */
    static int readyMembers(String host, int httpPort) {
        JsonObject ready = ask(host, httpPort);
        return ready != null && ready.getInteger("http") == 200 ? ready.getInteger("members") : -1;
    }
}
