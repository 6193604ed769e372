package io.ringcache.client;

/**
 * A call that failed: the gRPC status the node answered with, or {@code UNAVAILABLE} when the
 * client could not reach a node, or {@code DEADLINE_EXCEEDED} when the call's deadline passed.
 * The statuses and their meaning are listed at the top of {@code ringcache/v1/cache.proto}.
 */
public final class RingcacheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The gRPC code of UNAVAILABLE. */
    public static final int UNAVAILABLE = 14;
    /** The gRPC code of DEADLINE_EXCEEDED. */
    public static final int DEADLINE_EXCEEDED = 4;
    /** How a node's refusal before it runs anything begins (node: GrpcStartGate, AdmittingCacheStore). */
    private static final String NOT_READY = "node not ready:";

    private final int code;
    private final String status;
    private final boolean connectionFailure;
    /** No node can have applied the request: it never left the client, or a node refused it unread. */
    private final boolean notSent;

    /**
     * A failure.
     *
     * @param code              the gRPC status code
     * @param status            the status's name, e.g. {@code UNAVAILABLE}
     * @param message           a human-readable explanation
     * @param connectionFailure whether no node answered (the connection failed or was lost)
     * @param cause             the underlying error, or {@code null}
     */
    public RingcacheException(int code, String status, String message, boolean connectionFailure, Throwable cause) {
        this(code, status, message, connectionFailure, false, cause);
    }

    RingcacheException(int code, String status, String message, boolean connectionFailure, boolean notSent,
                       Throwable cause) {
        super(status + ": " + message, cause);
        this.code = code;
        this.status = status;
        this.connectionFailure = connectionFailure;
        this.notSent = notSent;
    }

    /**
     * A node's answer. UNAVAILABLE "node not ready: …" is refused before the node reads or runs
     * the call (while it starts, drains or lacks a quorum), so, like a request never sent, it
     * may be sent again whatever the operation.
     */
    static RingcacheException fromNode(int code, String status, String message, Throwable cause) {
        boolean refusedUnread = code == UNAVAILABLE && message.startsWith(NOT_READY);
        return new RingcacheException(code, status, message, false, refusedUnread, cause);
    }

    /** A connection failure before the request was written: no node can have applied it. */
    static RingcacheException notSent(String message, Throwable cause) {
        return new RingcacheException(UNAVAILABLE, "UNAVAILABLE", message, true, true, cause);
    }

    /** Whether no node can have applied the request, so even a write that is not idempotent may be sent again. */
    boolean notSent() {
        return notSent;
    }

    /** @return the gRPC status code (https://grpc.io/docs/guides/status-codes/) */
    public int code() {
        return code;
    }

    /** @return the status's name, e.g. {@code NOT_FOUND} */
    public String status() {
        return status;
    }

    /** @return whether the failure was reaching a node rather than a node's answer */
    public boolean isConnectionFailure() {
        return connectionFailure;
    }

    /**
     * Whether the same call may succeed if sent again: {@code UNAVAILABLE} and connection failures.
     * Whether sending it again is <em>safe</em> depends on the operation (see {@link AsyncCache}).
     *
     * @return whether the failure is transient
     */
    public boolean isRetryable() {
        return code == UNAVAILABLE;
    }
}
