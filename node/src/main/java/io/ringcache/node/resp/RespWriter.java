package io.ringcache.node.resp;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Writes RESP replies into a buffer, in RESP2 or RESP3 (a connection's protocol, chosen with
 * {@code HELLO}). Where RESP3 has a type RESP2 lacks (null, map, set, double, boolean, verbatim
 * text), the RESP2 form is what Redis 7 sends a RESP2 client.
 */
final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[1024][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Buffer out;
    private final boolean resp3;

    RespWriter(Buffer out, boolean resp3) {
        this.out = out;
        this.resp3 = resp3;
    }

    boolean resp3() {
        return resp3;
    }

    RespWriter ok() {
        out.appendBytes(OK);
        return this;
    }

    RespWriter simple(String text) {
        out.appendByte((byte) '+').appendString(text, "UTF-8").appendBytes(CRLF);
        return this;
    }

    /** An error; {@code message} starts with its code, e.g. {@code ERR syntax error}. */
    RespWriter error(String message) {
        out.appendByte((byte) '-');
        // A line break would end the error early and desynchronise the client.
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\r' || c == '\n') {
                message = message.replace('\r', ' ').replace('\n', ' ');
                break;
            }
        }
        out.appendString(message, "UTF-8").appendBytes(CRLF);
        return this;
    }

    RespWriter integer(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            out.appendBytes(SMALL_INTEGERS[(int) value]);
        } else {
            out.appendByte((byte) ':');
            decimal(value);
            out.appendBytes(CRLF);
        }
        return this;
    }

    /** A bulk string; null is the null reply. */
    RespWriter bulk(byte[] value) {
        if (value == null) {
            return nil();
        }
        out.appendByte((byte) '$');
        decimal(value.length);
        out.appendBytes(CRLF).appendBytes(value).appendBytes(CRLF);
        return this;
    }

    RespWriter bulk(String value) {
        return bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The null reply: a null bulk string in RESP2. */
    RespWriter nil() {
        out.appendBytes(resp3 ? NULL3 : NULL_BULK);
        return this;
    }

    /** A null array: {@code *-1} in RESP2. */
    RespWriter nilArray() {
        out.appendBytes(resp3 ? NULL3 : NULL_ARRAY);
        return this;
    }

    RespWriter array(int size) {
        out.appendByte((byte) '*');
        decimal(size);
        out.appendBytes(CRLF);
        return this;
    }

    /** A map of {@code pairs} key-value pairs: a flat array of twice as many in RESP2. */
    RespWriter map(int pairs) {
        out.appendByte((byte) (resp3 ? '%' : '*'));
        decimal(resp3 ? pairs : pairs * 2L);
        out.appendBytes(CRLF);
        return this;
    }

    /** A set: an array in RESP2. */
    RespWriter set(int size) {
        out.appendByte((byte) (resp3 ? '~' : '*'));
        decimal(size);
        out.appendBytes(CRLF);
        return this;
    }

    RespWriter bool(boolean value) {
        if (resp3) {
            out.appendString(value ? "#t\r\n" : "#f\r\n");
        } else {
            integer(value ? 1 : 0);
        }
        return this;
    }

    /** Text for people (INFO, CLIENT INFO): verbatim text in RESP3, a bulk string in RESP2. */
    RespWriter verbatim(String text) {
        if (!resp3) {
            return bulk(text);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.appendByte((byte) '=');
        decimal(bytes.length + 4);
        out.appendBytes(CRLF).appendString("txt:").appendBytes(bytes).appendBytes(CRLF);
        return this;
    }

    private void decimal(long value) {
        if (value >= 0 && value < 10) {
            out.appendByte((byte) ('0' + value));
        } else {
            out.appendString(Long.toString(value));
        }
    }
}
