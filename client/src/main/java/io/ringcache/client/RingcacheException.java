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

    private final int code;
    private final String status;
    private final boolean connectionFailure;
    /** The request surely never left the client (no connection or stream could be opened). */
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

    /** A connection failure before the request was written: no node can have applied it. */
    static RingcacheException notSent(String message, Throwable cause) {
        return new RingcacheException(UNAVAILABLE, "UNAVAILABLE", message, true, true, cause);
    }

    /** Whether the request surely never reached a node, so even a write that is not idempotent may be sent again. */
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
