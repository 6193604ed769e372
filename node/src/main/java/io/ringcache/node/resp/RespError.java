package io.ringcache.node.resp;

/**
 * A command's error reply in Redis's words: the message starts with the error code
 * ({@code ERR}, {@code WRONGPASS}, {@code NOPROTO}, ...). Thrown by command handlers; the
 * connection answers it and keeps serving.
 */
final class RespError extends RuntimeException {

    RespError(String message) {
        super(message, null, false, false);
    }

    static RespError syntax() {
        return new RespError(RespErrors.SYNTAX);
    }

    static RespError notInteger() {
        return new RespError(RespErrors.NOT_AN_INTEGER);
    }
}
