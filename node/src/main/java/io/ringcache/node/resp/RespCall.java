package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheKey;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One command on a connection: its arguments, and its one reply. Replies leave in the order
 * commands arrived whatever order they complete in: the connection keeps its calls in a queue
 * and writes a reply only once every earlier one has gone out (see {@link RespConnection}).
 */
final class RespCall {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RespCall.class);

    private final RespConnection connection;
    private final byte[][] args;
    private final RespSession session;
    private boolean resp3;
    private boolean answered;
    private boolean sequential;
    /** The reply, encoded while earlier calls are still in progress. */
    Buffer pending;
    boolean done;
    /** Bytes this call holds on its connection: its arguments, and its reply while it waits. */
    long heldBytes;

    RespCall(RespConnection connection, byte[][] args, RespSession session) {
        this.connection = connection;
        this.args = args;
        this.session = session;
        this.resp3 = session.resp3();
    }

    int argc() {
        return args.length;
    }

    byte[] arg(int index) {
        return args[index];
    }

    byte[][] args() {
        return args;
    }

    CacheKey key(int index) {
        return CacheKey.of(args[index]);
    }

    /** The argument as text (for options and names). */
    String text(int index) {
        return new String(args[index], StandardCharsets.UTF_8);
    }

    /** Whether the argument is {@code word}, ignoring letter case. */
    boolean is(int index, String word) {
        byte[] arg = args[index];
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i] & 0xff;
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            int w = Character.toUpperCase(word.charAt(i));
            if (c != w) {
                return false;
            }
        }
        return true;
    }

    String upper(int index) {
        return text(index).toUpperCase(Locale.ROOT);
    }

    /** The argument as a Redis integer: strict decimal int64, else {@code ERR value is not an integer or out of range}. */
    long integerArg(int index) {
        Long value = RespNumbers.parseLong(args[index]);
        if (value == null) {
            throw RespError.notInteger();
        }
        return value;
    }

    RespConnection connection() {
        return connection;
    }

    RespSession session() {
        return session;
    }

    /** The cache of the connection's selected database. */
    String cache() {
        return session.cache();
    }

    /**
     * Marks this command as several store operations in sequence (read, then write): the
     * connection runs no later command until it has answered, so a pipelined command sees its
     * effect, as each command sees the ones before it in Redis.
     */
    void sequential() {
        this.sequential = true;
    }

    boolean isSequential() {
        return sequential;
    }

    boolean answered() {
        return answered;
    }

    /** Switches this call's reply to the protocol just chosen (HELLO answers in the version it picks). */
    void resp3(boolean resp3) {
        this.resp3 = resp3;
    }

    boolean resp3() {
        return resp3;
    }

    /** Answers with whatever {@code reply} writes; a second answer is ignored. */
    void reply(Consumer<RespWriter> reply) {
        if (answered) {
            return;
        }
        answered = true;
        connection.answer(this, reply);
    }

    void ok() {
        reply(RespWriter::ok);
    }

    /**
     * Answers an integer. Not an overload of {@link #integer(int)}, which reads an argument: an
     * {@code int} passed to an overload would have been read as an argument index.
     */
    void integerReply(long value) {
        reply(writer -> writer.integer(value));
    }

    void bulk(byte[] value) {
        reply(writer -> writer.bulk(value));
    }

    void nil() {
        reply(RespWriter::nil);
    }

    void error(String message) {
        reply(writer -> writer.error(message));
    }

    /** Answers the failure's error, in the one mapping {@link RespErrors#of} holds. */
    void fail(Throwable failure) {
        if (!(failure instanceof RespError) && !(failure instanceof io.ringcache.node.cache.CacheException)) {
            LOG.warn("RESP command {} failed unexpectedly", args.length == 0 ? "-" : text(0), failure);
        }
        error(RespErrors.of(failure));
    }

    /** When {@code future} completes: its value through {@code reply}, or its failure as an error. */
    <T> void reply(Future<T> future, BiConsumer<RespWriter, T> reply) {
        future.onComplete((value, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                reply(writer -> reply.accept(writer, value));
            }
        });
    }
}
