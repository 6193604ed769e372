package io.ringcache.node.resp;

/**
 * The bytes a client sent are not RESP, or break a limit while being read. Like Redis, the node
 * answers {@code -ERR Protocol error: <message>} and closes the connection: what follows the
 * bad bytes cannot be read reliably.
 */
final class RespProtocolException extends RuntimeException {

    RespProtocolException(String message) {
        super(message, null, false, false);
    }
}
