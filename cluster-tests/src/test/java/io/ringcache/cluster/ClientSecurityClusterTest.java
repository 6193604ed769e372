package io.ringcache.cluster;

import io.ringcache.client.RingcacheClient;
import io.ringcache.client.RingcacheException;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.TestCertificates;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a node with mutual TLS and a token: served with both, refused without either. */
class ClientSecurityClusterTest {

    private static final String TOKEN = "client-security-token";

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static RingcacheNode node;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.createIn(Files.createDirectories(dir.resolve("certs")));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        node = TestNodes.startSingleNode("--tls-cert=" + certs.serverCert(), "--tls-key=" + certs.serverKey(),
                "--tls-client-ca=" + certs.caCert(), "--auth-token-file=" + tokenFile);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.terminate().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void withTheCa_aClientCertificate_andTheToken_callsAreServed() throws Exception {
        try (RingcacheClient client = builder().token(TOKEN).connect().toCompletableFuture()
                .get(30, TimeUnit.SECONDS)) {
            client.cache().put("secure-key", "over mutual TLS").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(client.cache().blocking().get("secure-key").valueAsString()).isEqualTo("over mutual TLS");
        }
    }

    @Test
    void withoutTheToken_theClientNeverConnects_andSaysWhy() {
        // It waits out the whole deadline, so a short one.
        assertThatThrownBy(() -> builder().deadline(Duration.ofSeconds(3)).connect().toCompletableFuture()
                .get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RingcacheException.class)
                .hasMessageContaining("no topology").hasMessageContaining("UNAUTHENTICATED");
    }

    @Test
    void withoutAClientCertificate_theHandshakeFails() {
        RingcacheClient client = RingcacheClient.builder().seeds("127.0.0.1:" + node.grpcPort()).tls()
                .trustCertificate(certs.caCert()).token(TOKEN).deadline(Duration.ofSeconds(3)).build();
        try {
            assertThatThrownBy(() -> client.cache().put("k", "v").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(RingcacheException.class,
                            failure -> assertThat(failure.status()).isIn("UNAVAILABLE", "DEADLINE_EXCEEDED"));
        } finally {
            client.close();
        }
    }

    private static io.ringcache.client.RingcacheClientBuilder builder() {
        return RingcacheClient.builder().seeds("127.0.0.1:" + node.grpcPort()).tls()
                .trustCertificate(certs.caCert()).clientCertificate(certs.clientCert(), certs.clientKey())
                // The first mutual-TLS handshake of a fresh JVM took over 3 s on a loaded 2-core machine.
                .deadline(Duration.ofSeconds(15));
    }
}
