package io.ringcache.node.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Finds out what listens at an address before the CLI speaks gRPC to it, so that a wrong port
 * gets one clear line at once instead of a retried stream reset. It sends one plain HTTP/1.1
 * request and reads the first bytes of the answer: a ringcache gRPC port answers HTTP/1.1 with
 * 415 (it serves only gRPC content), the HTTP port with its health answer, the RESP port with
 * Redis errors, a TLS port with a TLS alert or by closing.
 */
final class EndpointProbe {

    /** What answered. */
    enum Finding {
        /** A plain-text gRPC server. */
        GRPC,
        /** An HTTP/1.1 server that is not a gRPC server: the node's HTTP port, say. */
        HTTP,
        /** A Redis protocol server. */
        RESP,
        /** A TLS server, or one that closed without answering plain text (as TLS servers do). */
        TLS_OR_CLOSED,
        /** Something else answered. */
        UNKNOWN,
        /** Nothing listens there. */
        REFUSED,
        /** The host's name does not resolve. */
        UNKNOWN_HOST,
        /** No connection within the timeout (no route, a firewall dropping packets). */
        UNREACHABLE
    }

    /** Enough for a status line and the headers that say gRPC. */
    private static final int ENOUGH_BYTES = 1024;

    private EndpointProbe() {
    }

    static Finding probe(NodeAddress address, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: " + address.host()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return classify(readStart(socket.getInputStream()));
        } catch (UnknownHostException e) {
            return Finding.UNKNOWN_HOST;
        } catch (ConnectException e) {
            return Finding.REFUSED;
        } catch (SocketTimeoutException e) {
            return Finding.UNREACHABLE;
        } catch (IOException e) {
            // A reset while reading: servers that cannot parse the request (TLS ones) do that.
            return Finding.TLS_OR_CLOSED;
        }
    }

    private static byte[] readStart(InputStream in) throws IOException {
        byte[] start = new byte[ENOUGH_BYTES];
        int read = 0;
        while (read < start.length) {
            int n = in.read(start, read, start.length - read);
            if (n < 0 || endsHeaders(start, read + n) || !looksLikeHttp(start, read + n)) {
                read += Math.max(n, 0);
                break;
            }
            read += n;
        }
        byte[] answer = new byte[read];
        System.arraycopy(start, 0, answer, 0, read);
        return answer;
    }

    /** Only an HTTP answer is worth reading to its headers' end; RESP and TLS answers may stay open. */
    private static boolean looksLikeHttp(byte[] start, int length) {
        return length > 0 && start[0] == 'H';
    }

    private static boolean endsHeaders(byte[] start, int length) {
        return new String(start, 0, length, StandardCharsets.US_ASCII).contains("\r\n\r\n");
    }

    static Finding classify(byte[] answer) {
        if (answer.length == 0) {
            return Finding.TLS_OR_CLOSED;
        }
        // A TLS record: alert (21) or handshake (22), then major version 3.
        if ((answer[0] == 21 || answer[0] == 22) && answer.length > 1 && answer[1] == 3) {
            return Finding.TLS_OR_CLOSED;
        }
        String text = new String(answer, StandardCharsets.US_ASCII);
        // A node with an auth token answers 200 with grpc-status 16 (UNAUTHENTICATED) instead of 415.
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.startsWith("HTTP/1.1 415") || text.startsWith("HTTP/1.0 415")
                || lower.contains("\r\ncontent-type: application/grpc") || lower.contains("\r\ngrpc-status:")) {
            return Finding.GRPC;
        }
        if (text.startsWith("HTTP/")) {
            return Finding.HTTP;
        }
        if (text.startsWith("-") || text.startsWith("+")) {
            return Finding.RESP;
        }
        return Finding.UNKNOWN;
    }
}
