package io.ringcache.node.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * TLS on the node's client-facing ports (gRPC and HTTP). Off when {@link #certificate()} is
 * null; the member-to-member port is never covered (see README "Operating ringcache").
 *
 * @param certificate      PEM certificate chain, or null for plain text
 * @param privateKey       PEM private key of the certificate
 * @param clientCa         PEM CA bundle that client certificates must chain to, or null when
 *                         clients need no certificate
 * @param handshakeTimeout the longest a connection may take to finish its handshake
 */
public record TlsSettings(Path certificate, Path privateKey, Path clientCa, Duration handshakeTimeout) {

    /** Plain text; {@code handshakeTimeout} is kept so the setting reads the same either way. */
    public static TlsSettings off(Duration handshakeTimeout) {
        return new TlsSettings(null, null, null, handshakeTimeout);
    }

    /** Whether the ports speak TLS. */
    public boolean enabled() {
        return certificate != null;
    }

    /** Whether clients must present a certificate signed by {@link #clientCa()}. */
    public boolean clientCertificatesRequired() {
        return clientCa != null;
    }
}
