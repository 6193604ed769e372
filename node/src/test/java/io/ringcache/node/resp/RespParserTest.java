package io.ringcache.node.resp;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RespParser} and {@link InlineSplitter} on bytes alone: framing, resumption, limits. */
class RespParserTest {

    private static final int MAX_BULK = 1024 * 1024;
    private static final long MAX_COMMAND = 2L * 1024 * 1024;

    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
            + "PING\r\n"
            + "*2\r\n$3\r\nGET\r\n$0\r\n\r\n"
            + "ECHO \"a b\"\n"
            + "*1\r\n$4\r\nQUIT\r\n";
    private static final List<List<String>> PIPELINE_COMMANDS = List.of(
            List.of("SET", "key", "va\r\nl"), List.of("PING"), List.of("GET", ""), List.of("ECHO", "a b"),
            List.of("QUIT"));

    @Test
    void pipelinedCommandsInOneBuffer_eachParsed_inOrder() {
        assertThat(parseAll(PIPELINE)).isEqualTo(PIPELINE_COMMANDS);
    }

    @Test
    void commandsSplitAtEveryByteBoundary_parseTheSame() {
        byte[] bytes = PIPELINE.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            RespParser parser = authenticated();
            List<List<String>> seen = new ArrayList<>();
            feed(parser, seen, Arrays.copyOfRange(bytes, 0, split));
            feed(parser, seen, Arrays.copyOfRange(bytes, split, bytes.length));
            assertThat(seen).as("split at %d", split).isEqualTo(PIPELINE_COMMANDS);
            assertThat(parser.midCommand()).isFalse();
        }
        RespParser parser = authenticated();
        List<List<String>> seen = new ArrayList<>();
        for (byte b : bytes) {
            feed(parser, seen, new byte[]{b});
        }
        assertThat(seen).as("one byte at a time").isEqualTo(PIPELINE_COMMANDS);
    }

    @Test
    void aPartCommand_isMidCommand_untilItsLastByte() {
        RespParser parser = authenticated();
        List<List<String>> seen = new ArrayList<>();
        feed(parser, seen, ascii("*2\r\n$3\r\nGET\r\n$1\r\nk"));
        assertThat(seen).isEmpty();
        assertThat(parser.midCommand()).isTrue();
        feed(parser, seen, ascii("\r\n"));
        assertThat(seen).containsExactly(List.of("GET", "k"));
        assertThat(parser.midCommand()).isFalse();
    }

    @Test
    void inlineCommands_endWithCrlfOrBareLf_andSplitAsRedisDoes() {
        assertThat(parseAll("SET k v\r\nGET k\nPING\r\n")).containsExactly(
                List.of("SET", "k", "v"), List.of("GET", "k"), List.of("PING"));
        assertThat(parseAll("  SET\t k   \"two words\"  'single \\' quote' \r\n")).containsExactly(
                List.of("SET", "k", "two words", "single ' quote"));
        assertThat(parseAll("ECHO \"\\x41\\x62\\n\\t\\\\\\\"\"\r\n")).containsExactly(List.of("ECHO", "Ab\n\t\\\""));
        assertThat(parseAll("ECHO \"\\xZZ\"\r\n")).as("not a hex escape: the x is kept")
                .containsExactly(List.of("ECHO", "xZZ"));
        assertThat(parseAll("ECHO \"\"\r\n")).containsExactly(List.of("ECHO", ""));
    }

    @Test
    void inlineCommands_withUnbalancedQuotes_areProtocolErrors() {
        for (String bad : List.of("ECHO \"abc\r\n", "ECHO 'abc\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n")) {
            assertThatThrownBy(() -> parseAll(bad)).as(bad).isInstanceOf(RespProtocolException.class)
                    .hasMessage("unbalanced quotes in request");
        }
    }

    @Test
    void inlineSplitter_matchesSdssplitargs() {
        assertThat(words("")).isEmpty();
        assertThat(words("   ")).isEmpty();
        assertThat(words("a  b")).containsExactly("a", "b");
        assertThat(words("\"a\" 'b'")).containsExactly("a", "b");
        assertThat(words("\"\\r\\b\\a\"")).containsExactly("\r\b\u0007");
        assertThat(InlineSplitter.split(ascii("\"open"))).isNull();
        assertThat(InlineSplitter.split(ascii("'open"))).isNull();
    }

    @Test
    void emptyLinesAndEmptyMultibulks_areSkipped() {
        assertThat(parseAll("\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n*0\r\n")).containsExactly(List.of("PING"));
    }

    @Test
    void aBulkOverTheMaximum_isRefusedOnItsHeader() {
        RespParser parser = new RespParser(100, MAX_COMMAND);
        parser.authenticated(true);
        assertThat(parseAll(parser, "*2\r\n$4\r\nECHO\r\n$100\r\n" + "x".repeat(100) + "\r\n")).hasSize(1);
        assertThatThrownBy(() -> parseAll(parser, "*2\r\n$4\r\nECHO\r\n$101\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid bulk length");
    }

    @Test
    void tenMillionArgumentsAnnounced_isRefusedAtOnce() {
        // Nothing but the header has arrived: the refusal cannot have waited for (or made room for) the arguments.
        assertThatThrownBy(() -> parseAll("*10000000\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid multibulk length");
        assertThatThrownBy(() -> parseAll("*99999999999999999999\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid multibulk length");
        assertThatThrownBy(() -> parseAll("*" + "9".repeat(40)))
                .isInstanceOf(RespProtocolException.class).hasMessage("too big mbulk count string");
    }

    @Test
    void anInlineLineOver64KiB_withoutNewline_isRefused() {
        RespParser parser = authenticated();
        List<List<String>> seen = new ArrayList<>();
        feed(parser, seen, ascii("x".repeat(RespParser.MAX_INLINE_BYTES)));
        assertThat(seen).as("64 KiB may still end in a newline").isEmpty();
        assertThatThrownBy(() -> feed(parser, seen, ascii("x")))
                .isInstanceOf(RespProtocolException.class).hasMessage("too big inline request");
        // An inline line of just under the limit is a command.
        assertThat(parseAll("ECHO " + "y".repeat(RespParser.MAX_INLINE_BYTES - 6) + "\n")).hasSize(1);
    }

    @Test
    void aCommandOverMaxRequestBytes_isRefused() {
        RespParser parser = new RespParser(1000, 100);
        parser.authenticated(true);
        assertThat(parseAll(parser, "*2\r\n$4\r\nECHO\r\n$60\r\n" + "x".repeat(60) + "\r\n")).hasSize(1);
        assertThatThrownBy(() -> parseAll(parser, "*3\r\n$4\r\nECHO\r\n$50\r\n" + "x".repeat(50) + "\r\n$50\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessageContaining("max-request-bytes (100)");
    }

    @Test
    void beforeAuthentication_limitsAreTighter() {
        RespParser parser = new RespParser(MAX_BULK, MAX_COMMAND);
        String elevenArgs = "*11\r\n" + "$1\r\na\r\n".repeat(11);
        String bigBulk = "*2\r\n$4\r\nAUTH\r\n$16385\r\n" + "x".repeat(16385) + "\r\n";
        assertThatThrownBy(() -> parseAll(parser, elevenArgs))
                .isInstanceOf(RespProtocolException.class).hasMessage("unauthenticated multibulk length");
        RespParser other = new RespParser(MAX_BULK, MAX_COMMAND);
        assertThatThrownBy(() -> parseAll(other, bigBulk))
                .isInstanceOf(RespProtocolException.class).hasMessage("unauthenticated bulk length");
        assertThat(parseAll(new RespParser(MAX_BULK, MAX_COMMAND), "*2\r\n$4\r\nAUTH\r\n$16384\r\n"
                + "x".repeat(16384) + "\r\n")).hasSize(1);

        RespParser authenticated = authenticated();
        assertThat(parseAll(authenticated, elevenArgs + bigBulk)).hasSize(2);
    }

    @Test
    void badBulkHeaders_areProtocolErrors() {
        assertThatThrownBy(() -> parseAll("*1\r\n+foo\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("expected '$', got '+'");
        assertThatThrownBy(() -> parseAll("*1\r\n$abc\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> parseAll("*1\r\n$-1\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> parseAll("*1\r\n$\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> parseAll("*1\r\n$" + "1".repeat(40)))
                .isInstanceOf(RespProtocolException.class).hasMessage("too big bulk count string");
        assertThatThrownBy(() -> parseAll("*1\r\n$3\r\nGETXX"))
                .isInstanceOf(RespProtocolException.class).hasMessage("bulk not followed by CRLF");
        assertThatThrownBy(() -> parseAll("*x\r\n"))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid multibulk length");
    }

    @Test
    void whenTheConsumerSaysStop_parsingResumesWhereItStopped() {
        RespParser parser = authenticated();
        parser.append(Buffer.buffer("PING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\nECHO b\r\n*1\r\n$4\r\nPI"));
        List<List<String>> seen = new ArrayList<>();
        RespParser.Commands oneAtATime = args -> {
            seen.add(strings(args));
            return false;
        };
        parser.parse(oneAtATime);
        assertThat(seen).containsExactly(List.of("PING"));
        assertThat(parser.midCommand()).as("unparsed bytes remain").isTrue();
        parser.parse(oneAtATime);
        assertThat(seen).hasSize(2).last().isEqualTo(List.of("ECHO", "a"));
        // More bytes arrive while stopped: they join what was left.
        parser.append(Buffer.buffer("NG\r\n"));
        parser.parse(oneAtATime);
        parser.parse(oneAtATime);
        assertThat(seen).containsExactly(List.of("PING"), List.of("ECHO", "a"), List.of("ECHO", "b"), List.of("PING"));
        assertThat(parser.midCommand()).isFalse();
        parser.parse(oneAtATime);
        assertThat(seen).hasSize(4);
    }

    @Test
    void aLargeBulk_arrivingInPieces_isAssembled() {
        byte[] value = new byte[300_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        Buffer whole = Buffer.buffer("*2\r\n$4\r\nECHO\r\n$" + value.length + "\r\n").appendBytes(value)
                .appendString("\r\n");
        RespParser parser = authenticated();
        List<byte[][]> seen = new ArrayList<>();
        for (int from = 0; from < whole.length(); from += 8191) {
            parser.append(whole.getBuffer(from, Math.min(whole.length(), from + 8191)));
            parser.parse(args -> seen.add(args));
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)[1]).isEqualTo(value);
    }

    private static RespParser authenticated() {
        RespParser parser = new RespParser(MAX_BULK, MAX_COMMAND);
        parser.authenticated(true);
        return parser;
    }

    private static List<List<String>> parseAll(String text) {
        return parseAll(authenticated(), text);
    }

    private static List<List<String>> parseAll(RespParser parser, String text) {
        List<List<String>> seen = new ArrayList<>();
        feed(parser, seen, text.getBytes(StandardCharsets.UTF_8));
        return seen;
    }

    private static void feed(RespParser parser, List<List<String>> seen, byte[] bytes) {
        parser.append(Buffer.buffer(bytes));
        parser.parse(args -> seen.add(strings(args)));
    }

    private static List<String> strings(byte[][] args) {
        List<String> list = new ArrayList<>();
        for (byte[] arg : args) {
            list.add(new String(arg, StandardCharsets.UTF_8));
        }
        return list;
    }

    private static List<String> words(String line) {
        List<byte[]> words = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
        return words == null ? null : strings(words.toArray(new byte[0][]));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
