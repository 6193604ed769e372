package io.ringcache.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check with no shell or curl in the image:
 * {@code java -cp ringcache-node.jar io.ringcache.node.HealthProbe [path]} exits 0 when the
 * node on this host answers 200 on {@code path} (default {@code /health/ready}), else 1.
 * The port comes from {@code RINGCACHE_HTTP_PORT} (default 8080).
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/health/ready";
        String port = System.getenv().getOrDefault("RINGCACHE_HTTP_PORT", "8080");
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
