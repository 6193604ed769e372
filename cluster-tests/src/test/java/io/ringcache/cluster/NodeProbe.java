package io.ringcache.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a node's HTTP endpoints, as a load balancer, Kubernetes or Prometheus would. */
final class NodeProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private NodeProbe() {
    }

    /** The readiness answer's JSON body with its HTTP status under {@code "http"}; null while the node does not answer. */
    static JsonObject ask(String host, int httpPort) {
        return ask(host, httpPort, "/health/ready");
    }

    /** Whether the node answers 200 on {@code /health/cluster-safe}: no partition migrating, every backup in sync. */
    static boolean clusterSafe(String host, int httpPort) {
        JsonObject safe = ask(host, httpPort, "/health/cluster-safe");
        return safe != null && safe.getInteger("http") == 200;
    }

    private static JsonObject ask(String host, int httpPort, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body()).put("http", response.statusCode());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The value of one metric on the node's {@code GET /metrics}. */
    static double metric(String host, int httpPort, String name) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith(name + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no metric " + name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Members the node sees while it is ready; -1 when it is not ready or does not answer. */
    static int readyMembers(String host, int httpPort) {
        JsonObject ready = ask(host, httpPort);
        return ready != null && ready.getInteger("http") == 200 ? ready.getInteger("members") : -1;
    }
}
