package io.ringcache.node.security;

import io.ringcache.node.config.TlsSettings;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.util.concurrent.TimeUnit;

/** Applies the node's TLS settings to a server's options. */
public final class ServerTls {

    private ServerTls() {
    }

    /**
     * Turns TLS on for {@code options} when the settings ask for it, always with the handshake
     * timeout, so a client that opens a connection and never finishes its handshake is closed.
     *
     * @param clientAuth how a client certificate is asked for when a client CA is configured:
     *                   REQUIRED refuses the handshake without one; REQUEST lets the server
     *                   decide per request (health checks cannot present one)
     */
    public static HttpServerOptions apply(HttpServerOptions options, TlsSettings tls, ClientAuth clientAuth) {
        // gRPC needs HTTP/2, which TLS clients choose through ALPN.
        return apply(options, tls, clientAuth, true);
    }

    /**
     * The same for any TCP server (RESP).
     *
     * @param alpn whether to offer application protocols through ALPN (HTTP servers)
     */
    public static <T extends NetServerOptions> T apply(T options, TlsSettings tls, ClientAuth clientAuth, boolean alpn) {
        options.setSslHandshakeTimeout(tls.handshakeTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (!tls.enabled()) {
            return options;
        }
        options.setSsl(true)
                .setUseAlpn(alpn)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certificate().toString())
                        .setKeyPath(tls.privateKey().toString()));
        if (tls.clientCertificatesRequired()) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toString()))
                    .setClientAuth(clientAuth);
        }
        return options;
    }
}
