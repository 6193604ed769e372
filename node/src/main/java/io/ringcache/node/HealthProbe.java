package io.ringcache.node;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check with no shell or curl in the image:
 * {@code java -cp ringcache-node.jar io.ringcache.node.HealthProbe [path]} exits 0 when the
 * node on this host answers 200 on {@code path} (default {@code /health/ready}), else 1.
 * The port comes from {@code RINGCACHE_HTTP_PORT} (default 8080); with {@code RINGCACHE_TLS_CERT}
 * set the probe speaks HTTPS, trusting whatever certificate the node presents: it only asks
 * whether the process on this host answers, which needs no verified identity.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/health/ready";
        String port = System.getenv().getOrDefault("RINGCACHE_HTTP_PORT", "8080");
        boolean tls = !System.getenv().getOrDefault("RINGCACHE_TLS_CERT", "").isBlank();
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
            if (tls) {
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                client.sslContext(trustingAnyCertificate());
            }
            HttpResponse<Void> response = client.build()
                    .send(HttpRequest.newBuilder(URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }

    private static SSLContext trustingAnyCertificate() throws GeneralSecurityException {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{any}, null);
        return context;
    }
}
