package io.ringcache.node.resp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP client on a plain socket for wire-level tests: sends exact bytes and reads one reply
 * at a time, as its exact text (ISO-8859-1, so every byte survives) and as a value. Values:
 * simple strings and bulks are {@link String}, integers {@link Long}, errors {@link Err},
 * arrays, sets and maps (flattened) {@link List}, nulls {@code null}.
 */
final class RawRespClient implements AutoCloseable {

    /** An error reply. */
    record Err(String message) {
    }

    /** One reply: its bytes as text, and its value. */
    record Reply(String raw, Object value) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private ByteArrayOutputStream recording;

    RawRespClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    static RawRespClient connect(int port) {
        try {
            return new RawRespClient(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    /** Sends {@code args} as one multibulk command and returns the reply's exact text. */
    String call(String... args) {
        send(command(args));
        return reply().raw();
    }

    /** Sends {@code args} as one multibulk command and returns the reply's value. */
    Object value(String... args) {
        send(command(args));
        return reply().value();
    }

    /** {@code args} as a multibulk command. */
    static byte[] command(String... args) {
        StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            text.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one whole reply. */
    Reply reply() {
        recording = new ByteArrayOutputStream();
        try {
            Object value = readValue();
            return new Reply(recording.toString(StandardCharsets.ISO_8859_1), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording = null;
        }
    }

    /**
     * Reads until the server closes the connection, for at most {@code limit}.
     *
     * @return what arrived before the close (a reset counts as a close), or null if the
     * connection was still open when {@code limit} passed
     */
    String readUntilClosed(Duration limit) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b < 0) {
                    return received.toString(StandardCharsets.ISO_8859_1);
                }
                received.write(b);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            return received.toString(StandardCharsets.ISO_8859_1); // reset by the server: closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object readValue() throws IOException {
        int type = read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Err(line);
            case ':':
                return Long.parseLong(line);
            case '_':
                return null;
            case '#':
                return line.equals("t");
            case ',':
                return Double.parseDouble(line);
            case '(':
                return new java.math.BigInteger(line);
            case '$':
            case '=':
            case '!': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = readBytes(length);
                if (read() != '\r' || read() != '\n') {
                    throw new IOException("bulk not followed by CRLF");
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                return type == '!' ? new Err(text) : text;
            }
            case '*':
            case '~':
            case '>':
            case '%': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                int elements = type == '%' ? count * 2 : count;
                List<Object> list = new ArrayList<>(elements);
                for (int i = 0; i < elements; i++) {
                    list.add(readValue());
                }
                return list;
            }
            default:
                throw new IOException("not a RESP type: '" + (char) type + "' (" + type + ")");
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            int b = read();
            if (b == '\r') {
                if (read() != '\n') {
                    throw new IOException("CR without LF");
                }
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
    }

    private byte[] readBytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int filled = 0;
        while (filled < length) {
            int n = in.read(bytes, filled, length - filled);
            if (n < 0) {
                throw new EOFException("closed in a bulk");
            }
            filled += n;
        }
        if (recording != null) {
            recording.write(bytes);
        }
        return bytes;
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        if (recording != null) {
            recording.write(b);
        }
        return b;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
