package io.ringcache.node.security;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS on both client ports through real sockets: a server-authenticated node and a mutual-TLS
 * node, each asked by clients with and without the right CA and certificates.
 */
class TlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static AdapterServers tlsNode;
    private static AdapterServers mutualNode;
    private static final List<CacheTestClient> clients = new ArrayList<>();
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.createIn(dir);
        tlsNode = AdapterServers.start("--tls-cert=" + certs.serverCert(), "--tls-key=" + certs.serverKey(),
                "--tls-handshake-timeout=1s");
        mutualNode = AdapterServers.start("--tls-cert=" + certs.serverCert(), "--tls-key=" + certs.serverKey(),
                "--tls-client-ca=" + certs.caCert());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        clients.forEach(CacheTestClient::close);
        Awaits.result(vertx.close());
        Awaits.result(tlsNode.stop());
        Awaits.result(mutualNode.stop());
    }

    @Test
    void aClientTrustingTheCa_isServed_overGrpc() {
        CacheTestClient client = grpc(tlsNode, trusting(certs.caCert()));
        client.put("tls-key", "over TLS");
        assertThat(client.get("tls-key").getValue().toStringUtf8()).isEqualTo("over TLS");
    }

    @Test
    void aClientWithoutTheCa_failsTheHandshake() {
        CacheTestClient defaultTrust = grpc(tlsNode, new HttpClientOptions().setSsl(true));
        CacheTestClient otherCa = grpc(tlsNode, trusting(certs.strangerCaCert()));
        assertThat(defaultTrust.statusOf(() -> defaultTrust.get("k"))).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(otherCa.statusOf(() -> otherCa.get("k"))).isEqualTo(GrpcStatus.UNAVAILABLE);
    }

    @Test
    void aPlainTextClient_isNotServed() {
        CacheTestClient plain = grpc(tlsNode, new HttpClientOptions());
        assertThat(plain.statusOf(() -> plain.get("k"))).isNotEqualTo(GrpcStatus.OK);
    }

    @Test
    void mutualTls_servesAClientWithACertificateFromTheCa_only() {
        CacheTestClient withCert = grpc(mutualNode, trusting(certs.caCert())
                .setKeyCertOptions(keyCert(certs.clientCert(), certs.clientKey())));
        CacheTestClient withoutCert = grpc(mutualNode, trusting(certs.caCert()));
        CacheTestClient strangerCert = grpc(mutualNode, trusting(certs.caCert())
                .setKeyCertOptions(keyCert(certs.strangerCert(), certs.strangerKey())));

        withCert.put("mtls-key", "v");
        assertThat(withCert.get("mtls-key").getFound()).isTrue();
        assertThat(withoutCert.statusOf(() -> withoutCert.get("mtls-key"))).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(strangerCert.statusOf(() -> strangerCert.get("mtls-key"))).isEqualTo(GrpcStatus.UNAVAILABLE);
    }

    @Test
    void mutualTls_overHttp_healthIsOpen_butTheKeyApiNeedsACertificate() {
        HttpClient noCert = vertx.createHttpClient(trusting(certs.caCert()));
        HttpClient withCert = vertx.createHttpClient(trusting(certs.caCert())
                .setKeyCertOptions(keyCert(certs.clientCert(), certs.clientKey())));
        assertThat(status(noCert, mutualNode, "/health/ready")).isEqualTo(200);
        assertThat(status(noCert, mutualNode, "/v1/caches")).isEqualTo(403);
        assertThat(status(withCert, mutualNode, "/v1/caches")).isEqualTo(200);
    }

    @Test
    void aConnectionThatNeverFinishesItsHandshake_isClosedByTheHandshakeTimeout() throws Exception {
        for (int port : List.of(tlsNode.grpcPort(), tlsNode.httpPort())) {
            try (Socket silent = new Socket("127.0.0.1", port)) {
                silent.setSoTimeout(10_000);
                silent.getOutputStream().write(new byte[]{0x16, 0x03, 0x01}); // the start of a ClientHello, no more
                long started = System.nanoTime();
                InputStream in = silent.getInputStream();
                int read;
                do {
                    read = in.read();
                } while (read >= 0);
                long closedAfterMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(closedAfterMs).as("port %d closed a half-open handshake (timeout 1 s)", port)
                        .isLessThan(8_000);
            }
        }
    }

    private static int status(HttpClient client, AdapterServers node, String path) {
        return Awaits.result(client.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", path)
                .compose(request -> request.send())
                .map(response -> response.statusCode()), 10);
    }

    private static HttpClientOptions trusting(Path ca) {
        return new HttpClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
    }

    private static PemKeyCertOptions keyCert(Path cert, Path key) {
        return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
    }

    private static CacheTestClient grpc(AdapterServers node, HttpClientOptions options) {
        CacheTestClient client = new CacheTestClient("127.0.0.1", node.grpcPort(), Duration.ofSeconds(5), options,
                Map.of());
        clients.add(client);
        return client;
    }
}
