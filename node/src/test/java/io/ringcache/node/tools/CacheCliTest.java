package io.ringcache.node.tools;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestCertificates;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line client against in-JVM nodes: a plain one with a named cache, and one with
 * TLS and an auth token. Each run's exit status, standard output and standard error are checked.
 */
@Timeout(180)
class CacheCliTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;

    private static RingcacheNode plain;
    private static RingcacheNode secured;
    private static TestCertificates certs;
    private static Path tokenFile;

    @BeforeAll
    static void startNodes() throws Exception {
        Path config = dir.resolve("caches.yaml");
        Files.writeString(config, "caches:\n  sessions: {}\n");
        plain = TestNodes.startSingleNode("--config=" + config);
        certs = TestCertificates.createIn(dir);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        secured = TestNodes.startSingleNode("--tls-cert=" + certs.serverCert(), "--tls-key=" + certs.serverKey(),
                "--auth-token=" + TOKEN);
    }

    @AfterAll
    static void stopNodes() {
        for (RingcacheNode node : new RingcacheNode[]{plain, secured}) {
            if (node != null) {
                Awaits.result(node.stop(), 60);
            }
        }
    }

    @Test
    void help_listsEveryCommandOptionAndExitStatus_andExitsZero() {
        Run help = cli("--help");

        assertThat(help.status).isEqualTo(CacheCli.OK);
        assertThat(help.err).isEmpty();
        for (CliCommand command : CliCommand.values()) {
            assertThat(help.out).contains("  " + command.synopsis());
        }
        for (CliOption option : CliOption.values()) {
            assertThat(help.out).contains("  " + option.synopsis());
        }
        assertThat(help.out).contains("Exit status:").contains("redis-cli").contains("  4  the node refused");
        assertThat(cli("127.0.0.1:1", "put", "-h").out).isEqualTo(help.out);
    }

    @Test
    void noArguments_printsUsageToStandardError_status2() {
        Run run = cli();

        assertThat(run.status).isEqualTo(CacheCli.USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("Usage:");
    }

    @Test
    void putGetInspectDelete_roundTrip_withConditionsAndExitStatuses() {
        String node = grpc(plain);

        assertOut(cli(node, "get", "cli:k"), CacheCli.NO, "(not found)\n");
        assertOut(cli(node, "put", "cli:k", "hello world", "--ttl", "60s"), CacheCli.OK, "applied, version 1\n");
        assertOut(cli(node, "get", "cli:k"), CacheCli.OK, "hello world\n");
        assertOut(cli(node, "put", "cli:k", "x", "--if-absent"), CacheCli.NO, "not applied: the key exists, at version 1\n");
        assertOut(cli(node, "put", "cli:k", "x", "--if-version", "7"), CacheCli.NO, "not applied: the key is at version 1\n");
        assertOut(cli(node, "put", "cli:k", "second", "--if-version=1", "--ttl", "2m"), CacheCli.OK, "applied, version 2\n");
        assertOut(cli(node, "put", "cli:none", "x", "--if-present"), CacheCli.NO, "not applied: the key does not exist\n");

        Run inspect = cli(node, "inspect", "cli:k");
        assertThat(inspect.status).isEqualTo(CacheCli.OK);
        assertThat(inspect.out).contains("found     yes").contains("version   2").contains("bytes     6")
                .contains("slot      " + TopologyView.slotOf("cli:k".getBytes(StandardCharsets.UTF_8)))
                .contains("owner     127.0.0.1:" + plain.grpcPort()).containsPattern("ttl +\\d+ ms left");

        assertOut(cli(node, "touch", "cli:k", "--ttl", "0"), CacheCli.OK, "touched\n");
        assertThat(cli(node, "inspect", "cli:k").out).contains("ttl       never expires");
        assertOut(cli(node, "touch", "cli:none", "--ttl", "5"), CacheCli.NO, "(not found)\n");
        assertOut(cli(node, "delete", "cli:k", "--if-version", "1"), CacheCli.NO,
                "not deleted: the key does not exist or is not at version 1\n");
        assertOut(cli(node, "delete", "cli:k"), CacheCli.OK, "deleted\n");
        assertOut(cli(node, "delete", "cli:k"), CacheCli.NO, "not deleted: the key does not exist\n");
        assertThat(cli(node, "inspect", "cli:k").status).isEqualTo(CacheCli.NO);
    }

    @Test
    void counters_batches_namedCache_andValuesThatLookLikeOptions() {
        String node = grpc(plain);

        assertOut(cli(node, "incr", "cli:n"), CacheCli.OK, "1\n");
        assertOut(cli(node, "incr", "cli:n", "-5"), CacheCli.OK, "-4\n");
        assertOut(cli(node, "incr", "cli:fresh", "2", "--initial", "40", "--ttl", "1m"), CacheCli.OK, "42\n");

        assertOut(cli(node, "mset", "cli:a", "1", "cli:b", "2", "--cache", "sessions"), CacheCli.OK,
                "cli:a version 1\ncli:b version 1\n");
        assertOut(cli(node, "mget", "cli:a", "cli:missing", "cli:b", "--cache=sessions"), CacheCli.OK, "1\n(nil)\n2\n");
        assertOut(cli(node, "mget", "cli:a"), CacheCli.OK, "(nil)\n");
        assertOut(cli(node, "mdelete", "cli:a", "cli:b", "cli:missing", "--cache", "sessions"), CacheCli.OK, "2\n");

        assertOut(cli(node, "put", "--", "cli:dash", "--not-an-option"), CacheCli.OK, "applied, version 1\n");
        assertOut(cli(node, "get", "cli:dash"), CacheCli.OK, "--not-an-option\n");
    }

    @Test
    void topology_showsEveryMemberWithItsEndpointsAndSlots() {
        Run run = cli(grpc(plain), "topology");

        assertThat(run.status).isEqualTo(CacheCli.OK);
        assertThat(run.err).isEmpty();
        assertThat(run.out).startsWith("epoch ").contains("1 member,")
                .containsPattern("\\*  \\S+  127\\.0\\.0\\.1:" + plain.grpcPort() + "  127\\.0\\.0\\.1:" + plain.httpPort()
                        + "  127\\.0\\.0\\.1:" + plain.respPort() + "  16384  0")
                .contains("MEMBER").contains("BACKUP-SLOTS");
    }

    @Test
    void wrongPorts_andNothingListening_areOneLineEach_status3() {
        assertError(cli("127.0.0.1:" + plain.httpPort(), "get", "k"), CacheCli.UNREACHABLE,
                "ringcache-cli: 127.0.0.1:" + plain.httpPort() + " does not speak gRPC (it answers HTTP/1.1: "
                        + "is it the HTTP port? the gRPC port is 7070 by default)");
        assertError(cli("127.0.0.1:" + plain.respPort(), "get", "k"), CacheCli.UNREACHABLE,
                "ringcache-cli: 127.0.0.1:" + plain.respPort() + " does not speak gRPC (it answers the Redis protocol: "
                        + "is it the RESP port? the gRPC port is 7070 by default)");
        int nobody = FreePorts.next();
        assertError(cli("127.0.0.1:" + nobody, "topology"), CacheCli.UNREACHABLE,
                "ringcache-cli: cannot connect to 127.0.0.1:" + nobody
                        + ": connection refused (is a node running there? the gRPC port is 7070 by default)");
    }

    @Test
    void tlsMismatches_areNamed_status3() {
        assertError(cli(grpc(secured), "get", "k", "--token", TOKEN), CacheCli.UNREACHABLE,
                "ringcache-cli: 127.0.0.1:" + secured.grpcPort() + " does not answer plain text: if the nodes use TLS, "
                        + "give --tls-ca CA.pem (or --tls to trust the JVM's authorities)");
        assertError(cli(grpc(plain), "get", "k", "--tls-ca", certs.caCert().toString()), CacheCli.UNREACHABLE,
                "ringcache-cli: 127.0.0.1:" + plain.grpcPort() + " speaks plain-text gRPC, not TLS: drop --tls, "
                        + "--tls-ca and --tls-cert");
    }

    @Test
    void tlsAndToken_work_andAuthFailuresAreOneLine_status4() {
        String node = grpc(secured);
        String ca = certs.caCert().toString();

        assertOut(cli(node, "put", "cli:t", "v", "--tls-ca", ca, "--token-file", tokenFile.toString()), CacheCli.OK,
                "applied, version 1\n");
        assertOut(cli(node, "get", "cli:t", "--tls-ca", ca, "--token", TOKEN), CacheCli.OK, "v\n");
        Run fromEnvironment = cli(Map.of("RINGCACHE_TOKEN", TOKEN), node, "get", "cli:t", "--tls-ca", ca);
        assertOut(fromEnvironment, CacheCli.OK, "v\n");

        Run noToken = cli(node, "get", "cli:t", "--tls-ca", ca);
        assertThat(noToken.status).isEqualTo(CacheCli.REFUSED);
        assertThat(noToken.out).isEmpty();
        assertThat(noToken.err).startsWith("ringcache-cli: UNAUTHENTICATED: ")
                .endsWith(" (give the nodes' auth token: --token-file FILE, --token or RINGCACHE_TOKEN)\n");
        assertThat(noToken.err.lines()).hasSize(1);
        Run wrongToken = cli(node, "get", "cli:t", "--tls-ca", ca, "--token", "guess");
        assertThat(wrongToken.status).isEqualTo(CacheCli.REFUSED);
        assertThat(wrongToken.err).startsWith("ringcache-cli: UNAUTHENTICATED: ");
    }

    @Test
    void unknownCache_isOneLine_status4() {
        assertError(cli(grpc(plain), "get", "k", "--cache", "nope"), CacheCli.REFUSED,
                "ringcache-cli: NOT_FOUND: no cache named 'nope' (caches are declared in the nodes' config file)");
    }

    @Test
    void badCommandLines_areOneLineEach_status2_andNeverReachTheNode() {
        String node = grpc(plain);
        String missing = dir.resolve("no-such-token").toString();

        assertError(cli(node), CacheCli.USAGE, "ringcache-cli: no command after " + node + " (see --help)");
        assertError(cli(node, "frob"), CacheCli.USAGE, "ringcache-cli: unknown command 'frob' (see --help)");
        assertError(cli(node, "put", "k"), CacheCli.USAGE, "ringcache-cli: usage: put KEY VALUE (see --help)");
        assertError(cli(node, "mset", "a", "1", "b"), CacheCli.USAGE,
                "ringcache-cli: usage: mset KEY VALUE [KEY VALUE...] (see --help)");
        assertError(cli(node, "get", "k", "--ttl", "5s"), CacheCli.USAGE,
                "ringcache-cli: --ttl does not apply to get (see --help)");
        assertError(cli(node, "get", "k", "--verbose"), CacheCli.USAGE, "ringcache-cli: unknown option --verbose (see --help)");
        assertError(cli(node, "put", "k", "v", "--ttl", "soon"), CacheCli.USAGE,
                "ringcache-cli: --ttl: 'soon' is not a duration (like 60, 500ms, 60s, 2m, 1h)");
        assertError(cli(node, "put", "k", "v", "--if-version", "0"), CacheCli.USAGE,
                "ringcache-cli: --if-version: versions start at 1, not 0");
        assertError(cli(node, "put", "k", "v", "--if-absent", "--if-present"), CacheCli.USAGE,
                "ringcache-cli: give one of --if-absent, --if-present and --if-version");
        assertError(cli(node, "incr", "k", "lots"), CacheCli.USAGE,
                "ringcache-cli: DELTA: 'lots' is not a whole number (a 64-bit integer)");
        assertError(cli(node, "touch", "k"), CacheCli.USAGE, "ringcache-cli: touch needs --ttl (0 = never expires)");
        assertError(cli(node, "get", "k", "--timeout"), CacheCli.USAGE,
                "ringcache-cli: --timeout DURATION: the value is missing");
        assertError(cli(node, "get", "k", "--token-file", missing), CacheCli.USAGE,
                "ringcache-cli: --token-file: '" + missing + "': no such file");
        assertError(cli(node, "get", "k", "--token", "a", "--token-file", tokenFile.toString()), CacheCli.USAGE,
                "ringcache-cli: give --token or --token-file, not both");
        assertError(cli(node, "get", "k", "--tls-ca", missing), CacheCli.USAGE,
                "ringcache-cli: --tls-ca: '" + missing + "' is not a readable file");
        assertError(cli("localhost:99999", "get", "k"), CacheCli.USAGE,
                "ringcache-cli: '99999' in 'localhost:99999' is not a port (1-65535)");
        assertError(cli("localhost:http", "get", "k"), CacheCli.USAGE,
                "ringcache-cli: 'http' in 'localhost:http' is not a port (1-65535)");
    }

    @Test
    void nodeAddress_withoutPort_isTheDefaultGrpcPort() {
        assertThat(NodeAddress.parse("localhost")).isEqualTo(new NodeAddress("localhost", 7070));
        assertThat(NodeAddress.parse("cache-0.cache:7071")).isEqualTo(new NodeAddress("cache-0.cache", 7071));
        assertThat(NodeAddress.parse("[::1]:7072")).isEqualTo(new NodeAddress("::1", 7072));
        assertThat(NodeAddress.parse("[::1]").seed()).isEqualTo("[::1]:7070");
        assertThat(NodeAddress.parse("fe80::1").seed()).isEqualTo("[fe80::1]:7070");
    }

    @Test
    void endpointProbe_classifiesFirstBytes() {
        assertThat(EndpointProbe.classify(ascii("HTTP/1.1 415 Unsupported"))).isEqualTo(EndpointProbe.Finding.GRPC);
        assertThat(EndpointProbe.classify(ascii("HTTP/1.1 200 OK\r\n"))).isEqualTo(EndpointProbe.Finding.HTTP);
        // The gRPC port of a node with an auth token: 200, but a gRPC answer.
        assertThat(EndpointProbe.classify(ascii("HTTP/1.1 200 OK\r\ncontent-type: application/grpc\r\ngrpc-status: 16\r\n\r\n")))
                .isEqualTo(EndpointProbe.Finding.GRPC);
        assertThat(EndpointProbe.classify(ascii("-ERR wrong"))).isEqualTo(EndpointProbe.Finding.RESP);
        assertThat(EndpointProbe.classify(new byte[]{21, 3, 3, 0, 2})).isEqualTo(EndpointProbe.Finding.TLS_OR_CLOSED);
        assertThat(EndpointProbe.classify(new byte[0])).isEqualTo(EndpointProbe.Finding.TLS_OR_CLOSED);
        assertThat(EndpointProbe.classify(ascii("SSH-2.0-OpenSSH"))).isEqualTo(EndpointProbe.Finding.UNKNOWN);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String grpc(RingcacheNode node) {
        return "127.0.0.1:" + node.grpcPort();
    }

    private static void assertOut(Run run, int status, String out) {
        assertThat(run.err).as("stderr").isEmpty();
        assertThat(run.out).as("stdout").isEqualTo(out);
        assertThat(run.status).as("exit status").isEqualTo(status);
    }

    /** A failure: one line on standard error, nothing on standard output. */
    private static void assertError(Run run, int status, String line) {
        assertThat(run.err).as("stderr").isEqualTo(line + System.lineSeparator());
        assertThat(run.out).as("stdout").isEmpty();
        assertThat(run.status).as("exit status").isEqualTo(status);
    }

    private static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    private static Run cli(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 1 && !all.contains("--timeout")) {
            all.add(0, "--timeout=10s");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new CacheCli(env, outStream, errStream).run(all.toArray(String[]::new));
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
