package io.ringcache.node.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PEM files for TLS tests, made fresh in a directory: a CA, a server certificate it signed for
 * 127.0.0.1 and localhost, a client certificate it signed, and a second, unrelated CA with its
 * own client certificate (what a stranger would present).
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Writes every file into {@code dir}. */
    public static TestCertificates createIn(Path dir) throws Exception {
        Issued ca = selfSignedCa("ringcache test CA");
        Issued server = issue(ca, "ringcache node", true);
        Issued client = issue(ca, "ringcache client", false);
        Issued strangerCa = selfSignedCa("someone else's CA");
        Issued stranger = issue(strangerCa, "stranger", false);
        TestCertificates files = new TestCertificates(dir);
        files.write("ca.pem", pem(ca.certificate()));
        files.write("server.pem", pem(server.certificate()));
        files.write("server.key", pem(server.keys().getPrivate()));
        files.write("client.pem", pem(client.certificate()));
        files.write("client.key", pem(client.keys().getPrivate()));
        files.write("stranger-ca.pem", pem(strangerCa.certificate()));
        files.write("stranger.pem", pem(stranger.certificate()));
        files.write("stranger.key", pem(stranger.keys().getPrivate()));
        return files;
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** A CA the node was never told about. */
    public Path strangerCaCert() {
        return dir.resolve("stranger-ca.pem");
    }

    public Path strangerCert() {
        return dir.resolve("stranger.pem");
    }

    public Path strangerKey() {
        return dir.resolve("stranger.key");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    private record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private static Issued selfSignedCa(String name) throws Exception {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(builder, keys), keys);
    }

    private static Issued issue(Issued ca, String name, boolean server) throws Exception {
        KeyPair keys = newKeys();
        X509v3CertificateBuilder builder = builder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + name), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new Issued(sign(builder, ca.keys()), keys);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
