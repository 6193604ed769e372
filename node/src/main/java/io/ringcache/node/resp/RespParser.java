package io.ringcache.node.resp;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads commands from a connection's bytes as they arrive: the multibulk form clients send
 * ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and the inline form (a line of words, as telnet or
 * redis-benchmark's PING_INLINE send). Resumable at any byte, so a command may arrive in any
 * number of pieces; a bulk's bytes go straight into the argument's array, so a large value is
 * copied once. Memory is bounded: a command's arguments count and size are checked as they are
 * announced, before anything is allocated for them.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class RespParser {

    /** What the parser hands complete commands to. */
    interface Commands {
        /**
         * A whole command; {@code args[0]} is its name.
         *
         * @return false to stop parsing here (the connection has too many commands in progress);
         * {@link #parse} resumes with what is left on its next call
         */
        boolean command(byte[][] args);
    }

    /** Longest inline command line, as Redis's {@code PROTO_INLINE_MAX_SIZE}. */
    static final int MAX_INLINE_BYTES = 64 * 1024;
    /** Longest {@code *N} or {@code $N} header line. */
    private static final int MAX_HEADER_BYTES = 32;
    /** Before AUTH, as Redis: a client that has not authenticated cannot make the node buffer much. */
    private static final int UNAUTHENTICATED_MAX_ARGS = 10;
    private static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
    private static final int MAX_ARGS = 1024 * 1024;

    private final int maxBulkBytes;
    private final long maxCommandBytes;

    /** Unconsumed input: bytes of a header or inline line not yet complete, or commands not yet dispatched. */
    private Buffer input;
    private int readPos;
    /** Whether {@link #input} is this parser's own buffer (appendable), not one the connection handed in. */
    private boolean ownInput;
    /** Where the search for an inline command's newline resumes: bytes before it were searched. */
    private int inlineScanned;

    /** The multibulk in progress: -1 when between commands. */
    private int argsExpected = -1;
    private List<byte[]> args;
    private byte[] bulk;
    private int bulkFilled;
    private long commandBytes;
    private boolean authenticated;

    /**
     * @param maxBulkBytes    the longest single argument
     * @param maxCommandBytes the most bytes one command may take on the wire
     */
    RespParser(int maxBulkBytes, long maxCommandBytes) {
        this.maxBulkBytes = maxBulkBytes;
        this.maxCommandBytes = maxCommandBytes;
    }

    /** Lifts the tighter limits that apply before a client authenticates. */
    void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Whether part of a command has arrived and not the rest. */
    boolean midCommand() {
        return argsExpected >= 0 || (input != null && readPos < input.length());
    }

    /** Adds bytes that arrived; call {@link #parse} next. */
    void append(Buffer bytes) {
        if (input == null || readPos >= input.length()) {
            input = bytes;
            readPos = 0;
            ownInput = false;
            inlineScanned = 0;
        } else if (ownInput && readPos == 0) {
            // A command arriving in pieces: grow one buffer rather than copy it whole per piece.
            input.appendBuffer(bytes);
        } else {
            Buffer joined = Buffer.buffer(Math.max(256, 2 * (input.length() - readPos + bytes.length())));
            joined.appendBuffer(input, readPos, input.length() - readPos).appendBuffer(bytes);
            inlineScanned = Math.max(0, inlineScanned - readPos);
            input = joined;
            readPos = 0;
            ownInput = true;
        }
    }

    /**
     * Hands every whole command in the input to {@code commands}, until the input runs out or
     * {@code commands} says stop.
     *
     * @throws RespProtocolException when the bytes are not RESP; the connection must be closed
     */
    void parse(Commands commands) {
        while (input != null && readPos < input.length()) {
            byte[][] command;
            if (argsExpected < 0) {
                command = input.getByte(readPos) == '*' ? startMultibulk() : inline();
            } else {
                command = continueMultibulk();
            }
            if (command == NEED_MORE) {
                return;
            }
            if (command != null && !commands.command(command)) {
                return;
            }
        }
    }

    private static final byte[][] NEED_MORE = new byte[0][];

    private byte[][] startMultibulk() {
        int lineEnd = lineEnd(readPos, MAX_HEADER_BYTES, "too big mbulk count string");
        if (lineEnd < 0) {
            return NEED_MORE;
        }
        long count = number(readPos + 1, lineEnd);
        commandBytes = lineEnd + 2 - readPos;
        readPos = lineEnd + 2;
        if (count == Long.MIN_VALUE || count > MAX_ARGS) {
            throw new RespProtocolException("invalid multibulk length");
        }
        if (!authenticated && count > UNAUTHENTICATED_MAX_ARGS) {
            throw new RespProtocolException("unauthenticated multibulk length");
        }
        if (count <= 0) {
            return null; // "*0" and "*-1" are empty commands Redis skips
        }
        argsExpected = (int) count;
        args = new ArrayList<>((int) Math.min(count, 16));
        bulk = null;
        return continueMultibulk();
    }

    private byte[][] continueMultibulk() {
        while (readPos < input.length()) {
            if (bulk == null) {
                if (input.getByte(readPos) != '$') {
                    throw new RespProtocolException("expected '$', got '" + (char) input.getByte(readPos) + "'");
                }
                int lineEnd = lineEnd(readPos, MAX_HEADER_BYTES, "too big bulk count string");
                if (lineEnd < 0) {
                    return NEED_MORE;
                }
                long length = number(readPos + 1, lineEnd);
                if (length < 0 || length > maxBulkBytes) {
                    throw new RespProtocolException("invalid bulk length");
                }
                if (!authenticated && length > UNAUTHENTICATED_MAX_BULK) {
                    throw new RespProtocolException("unauthenticated bulk length");
                }
                countBytes(lineEnd + 2 - readPos + length + 2);
                readPos = lineEnd + 2;
                bulk = new byte[(int) length];
                bulkFilled = 0;
            }
            int wanted = bulk.length - bulkFilled;
            int available = input.length() - readPos;
            if (wanted > 0) {
                int taken = Math.min(wanted, available);
                input.getBytes(readPos, readPos + taken, bulk, bulkFilled);
                bulkFilled += taken;
                readPos += taken;
                if (bulkFilled < bulk.length) {
                    return NEED_MORE;
                }
            }
            if (input.length() - readPos < 2) {
                return NEED_MORE;
            }
            if (input.getByte(readPos) != '\r' || input.getByte(readPos + 1) != '\n') {
                throw new RespProtocolException("bulk not followed by CRLF");
            }
            readPos += 2;
            args.add(bulk);
            bulk = null;
            if (args.size() == argsExpected) {
                byte[][] command = args.toArray(new byte[0][]);
                argsExpected = -1;
                args = null;
                return command;
            }
        }
        return NEED_MORE;
    }

    private void countBytes(long bytes) {
        commandBytes += bytes;
        if (commandBytes > maxCommandBytes) {
            throw new RespProtocolException("command longer than max-request-bytes (" + maxCommandBytes + ")");
        }
    }

    /** A command written as one line of words; null for an empty line. */
    private byte[][] inline() {
        // A line ends at '\n', with or without '\r' before it (telnet users send either).
        int scanFrom = Math.max(readPos, inlineScanned);
        int newline = indexOf((byte) '\n', scanFrom, Math.min(input.length(), readPos + MAX_INLINE_BYTES + 1));
        if (newline < 0) {
            if (input.length() - readPos > MAX_INLINE_BYTES) {
                throw new RespProtocolException("too big inline request");
            }
            inlineScanned = input.length();
            return NEED_MORE;
        }
        inlineScanned = 0;
        int lineEnd = newline > readPos && input.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        byte[] line = input.getBytes(readPos, lineEnd);
        readPos = newline + 1;
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            throw new RespProtocolException("unbalanced quotes in request");
        }
        return words.isEmpty() ? null : words.toArray(new byte[0][]);
    }

    /**
     * The index of the {@code \r} of the {@code \r\n} ending the line at {@code from}, or -1 if
     * it has not arrived.
     *
     * @throws RespProtocolException when more than {@code max} bytes came without one
     */
    private int lineEnd(int from, int max, String tooLong) {
        int limit = Math.min(input.length(), from + max + 1);
        for (int i = from; i < limit; i++) {
            if (input.getByte(i) == '\n' && i > from && input.getByte(i - 1) == '\r') {
                return i - 1;
            }
        }
        if (input.length() - from > max) {
            throw new RespProtocolException(tooLong);
        }
        return -1;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input.getByte(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal number in {@code input[from, to)}, or Long.MIN_VALUE when it is not one. */
    private long number(int from, int to) {
        // At most 18 digits: no overflow, and far beyond every limit a header is checked against.
        if (from >= to || to - from > 18) {
            return Long.MIN_VALUE;
        }
        boolean negative = input.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = input.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    @Override
    public String toString() {
        return "RespParser[" + (input == null ? 0 : input.length() - readPos) + " bytes pending, args "
                + (args == null ? "-" : args.size() + "/" + argsExpected) + "]";
    }

    /** For error messages: at most 64 bytes of {@code bytes}, as text. */
    static String preview(byte[] bytes) {
        return new String(Arrays.copyOf(bytes, Math.min(bytes.length, 64)), StandardCharsets.UTF_8);
    }
}
