package io.ringcache.node;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/**
 * A container health check with no shell or curl in the image:
 * {@code java -cp ringcache-node.jar io.ringcache.node.HealthProbe [path]} exits 0 when the
 * node on this host answers 200 on {@code path} (default {@code /health/ready}), else 1.
 * The port comes from {@code RINGCACHE_HTTP_PORT} (default 8080); with {@code RINGCACHE_TLS_CERT}
 * set the probe speaks HTTPS, trusting whatever certificate the node presents: it only asks
 * whether the process on this host answers, which needs no verified identity.
 *
 * <p>One HTTP/1.0 request on a plain socket, reading only the status line: each probe starts a
 * JVM, and this loads a few dozen classes where {@code java.net.http.HttpClient} loaded
 * thousands (measured: 0.1 s of CPU per probe instead of 0.6 s).
 */
public final class HealthProbe {

    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int READ_TIMEOUT_MS = 3000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/health/ready";
        String port = System.getenv().getOrDefault("RINGCACHE_HTTP_PORT", "8080");
        boolean tls = !System.getenv().getOrDefault("RINGCACHE_TLS_CERT", "").isBlank();
        try {
            System.exit(statusOf(path, Integer.parseInt(port.trim()), tls) == 200 ? 0 : 1);
        } catch (Exception | LinkageError e) {
            System.exit(1);
        }
    }

    /** The HTTP status the node on 127.0.0.1:{@code port} answers for {@code path}. */
    static int statusOf(String path, int port, boolean tls) throws Exception {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
        plain.setSoTimeout(READ_TIMEOUT_MS);
        try (Socket socket = tls ? trustingAnyCertificate().getSocketFactory()
                .createSocket(plain, "127.0.0.1", port, true) : plain) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parseStatus(socket.getInputStream());
        }
    }

    /** The code of a status line such as {@code HTTP/1.1 200 OK}; -1 if the answer is not one. */
    private static int parseStatus(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n' && line.length() < 128; c = in.read()) {
            line.append((char) c);
        }
        String[] parts = line.toString().trim().split(" ");
        return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }

    private static SSLContext trustingAnyCertificate() throws Exception {
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
