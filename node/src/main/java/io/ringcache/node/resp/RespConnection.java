package io.ringcache.node.resp;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One client connection: reads commands, runs them, and writes their replies in the order the
 * commands arrived, while the operations behind them complete in any order (pipelining).
 *
 * <p>Bounded: at most {@code maxInFlight} commands are in progress; beyond that the connection
 * stops parsing and reading until replies go out, as it does while the socket's write queue is
 * full. Replies that complete in one event-loop turn leave in one write. Everything here runs on
 * the connection's event loop.
 */
final class RespConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);

    private final NetSocket socket;
    private final Context context;
    private final RespParser parser;
    private final RespSession session;
    private final Consumer<RespCall> dispatcher;
    private final int maxInFlight;
    private final long maxHeldBytes;
    /** Replies written in one turn before the connection stops parsing to hand them to the socket. */
    private static final int MAX_UNFLUSHED_BYTES = 64 * 1024;
    private long heldBytes;
    private final ArrayDeque<RespCall> inFlight = new ArrayDeque<>();
    private Buffer out = Buffer.buffer(256);
    private boolean inReadHandler;
    private boolean flushScheduled;
    private boolean readingPaused;
    private boolean closing;
    private boolean draining;
    /** A command of several steps in progress: later commands wait for it (see {@link RespCall#sequential()}). */
    private RespCall barrier;
    /** When the first byte of a command still incomplete arrived (nanoTime), 0 when none is. */
    private volatile long partialSince;

    /**
     * @param dispatcher   runs each whole command
     * @param maxInFlight  commands in progress before the connection stops reading
     * @param maxHeldBytes bytes of arguments and waiting replies held before it stops reading
     */
    RespConnection(Vertx vertx, NetSocket socket, RespParser parser, RespSession session, Consumer<RespCall> dispatcher,
                   int maxInFlight, long maxHeldBytes) {
        this.socket = socket;
        this.context = vertx.getOrCreateContext();
        this.parser = parser;
        this.session = session;
        this.dispatcher = dispatcher;
        this.maxInFlight = maxInFlight;
        this.maxHeldBytes = maxHeldBytes;
        parser.authenticated(session.authenticated());
    }

    void start() {
        socket.handler(this::received);
        socket.drainHandler(ignored -> resumeIfRoom());
        socket.exceptionHandler(error -> LOG.debug("RESP connection {} failed: {}", session.id(), error.toString()));
        socket.shutdownHandler(ignored -> drain());
    }

    RespSession session() {
        return session;
    }

    /** When a command began arriving and has not finished, in nanoTime; 0 when none is. */
    long partialSince() {
        return partialSince;
    }

    private void received(Buffer bytes) {
        if (closing || draining) {
            return;
        }
        parser.append(bytes);
        inReadHandler = true;
        try {
            parseAvailable();
        } finally {
            inReadHandler = false;
        }
        flush();
    }

    private void parseAvailable() {
        try {
            parser.parse(this::command);
        } catch (RespProtocolException e) {
            protocolError(e.getMessage());
            return;
        }
        if (!closing && !draining && barrier == null && inFlight.size() < maxInFlight) {
            partialSince = parser.midCommand() ? (partialSince == 0 ? System.nanoTime() : partialSince) : 0;
        } else {
            partialSince = 0;
        }
        pauseIfFull();
    }

    private boolean command(byte[][] args) {
        if (closing || draining) {
            return false;
        }
        // A whole command arrived: only a command still incomplete is timed.
        partialSince = 0;
        RespCall call = new RespCall(this, args, session);
        call.heldBytes = argumentBytes(args);
        heldBytes += call.heldBytes;
        inFlight.addLast(call);
        dispatcher.accept(call);
        if (call.isSequential() && !call.answered()) {
            barrier = call;
            return false;
        }
        return !closing && !mustWait();
    }

    private static long argumentBytes(byte[][] args) {
        long bytes = 0;
        for (byte[] arg : args) {
            bytes += arg.length;
        }
        return bytes;
    }

    /** Called by {@link RespCall#reply}: writes the reply now if every earlier one is out, else keeps it. */
    void answer(RespCall call, Consumer<RespWriter> reply) {
        if (inFlight.peekFirst() == call) {
            int mark = out.length();
            if (!encode(call, reply, out)) {
                out = out.getBuffer(0, mark);
                encode(call, writer -> writer.error("ERR internal error"), out);
            }
            release(inFlight.pollFirst());
            while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
                RespCall next = inFlight.pollFirst();
                out.appendBuffer(next.pending);
                release(next);
            }
        } else {
            Buffer pending = Buffer.buffer(64);
            if (!encode(call, reply, pending)) {
                pending = Buffer.buffer(32);
                encode(call, writer -> writer.error("ERR internal error"), pending);
            }
            call.pending = pending;
            call.done = true;
            call.heldBytes += pending.length();
            heldBytes += pending.length();
        }
        if (call == barrier) {
            barrier = null;
            // Not from inside the answer: the command's own callback is still on the stack.
            context.runOnContext(ignored -> resumeIfRoom());
        }
        if (!inReadHandler) {
            scheduleFlush();
        }
    }

    /** Writes a reply; false (and a log line) if the writer failed, so the caller answers an error instead of hanging. */
    private boolean encode(RespCall call, Consumer<RespWriter> reply, Buffer target) {
        try {
            reply.accept(new RespWriter(target, call.resp3()));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("RESP connection {}: a reply could not be written", session.id(), e);
            return false;
        }
    }

    private void release(RespCall call) {
        heldBytes -= call.heldBytes;
    }

    /** After this reply the connection closes (QUIT, or an error the client cannot recover from). */
    void closeAfterReplies() {
        closing = true;
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(ignored -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    private void flush() {
        if (out.length() > 0) {
            Buffer batch = out;
            out = Buffer.buffer(256);
            if (closing && inFlight.isEmpty()) {
                socket.end(batch);
                return;
            }
            socket.write(batch);
        } else if (closing && inFlight.isEmpty()) {
            socket.close();
            return;
        }
        if (draining && inFlight.isEmpty()) {
            socket.close();
            return;
        }
        resumeIfRoom();
    }

    /**
     * Whether to stop reading: too many commands or bytes held (arguments of commands in
     * progress, replies waiting for earlier ones, replies not yet handed to the socket), the
     * socket's write queue full, or a sequential command in progress.
     */
    private boolean mustWait() {
        return barrier != null || inFlight.size() >= maxInFlight || heldBytes > maxHeldBytes
                || out.length() > MAX_UNFLUSHED_BYTES || socket.writeQueueFull();
    }

    private void pauseIfFull() {
        if (!readingPaused && mustWait()) {
            readingPaused = true;
            // While the node does not read, the rest of a command cannot be late: the deadline restarts on resume.
            partialSince = 0;
            socket.pause();
        }
    }

    private void resumeIfRoom() {
        if (readingPaused && !closing && !mustWait()) {
            readingPaused = false;
            // Commands already received but not yet parsed go first.
            inReadHandler = true;
            try {
                parseAvailable();
            } finally {
                inReadHandler = false;
            }
            if (!readingPaused) {
                socket.resume();
            }
            if (out.length() > 0) {
                scheduleFlush();
            }
        }
    }

    private void protocolError(String message) {
        LOG.debug("RESP connection {} sent bad bytes: {}", session.id(), message);
        // Replies to earlier commands still go out first; nothing after the bad bytes is read.
        RespCall call = new RespCall(this, new byte[0][], session);
        inFlight.addLast(call);
        closing = true;
        call.error("ERR Protocol error: " + message);
    }

    /** The server is shutting down: finish what is in progress, read nothing more, then close. */
    private void drain() {
        draining = true;
        if (inFlight.isEmpty()) {
            flush();
            socket.close();
        }
    }

    /** Closes at once (the command-read deadline passed). */
    void closeNow() {
        socket.close();
    }

    /** Parser limits depend on whether the client has authenticated. */
    void authenticated() {
        session.authenticated(true);
        parser.authenticated(true);
    }

    /** RESET with a token configured: the client must authenticate again, and meets the tighter limits until then. */
    void unauthenticated() {
        session.authenticated(false);
        parser.authenticated(false);
    }
}
