package io.ringcache.client;

import io.vertx.grpc.common.ServiceMethod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Sends calls to nodes within a deadline: the one place that decides when a failure is tried
 * again (what the operation allows, retryable failure, attempts left, time left after the
 * backoff), and that tells the router to avoid a node that failed to answer.
 */
final class Calls {

    /** When an operation may be sent again after UNAVAILABLE or a connection failure. */
    enum Retry {
        /** Whenever: sending it twice cannot change the outcome (reads, conditional writes, ids). */
        ALWAYS,
        /** Only if no attempt can have reached a node (it was never written to a connection). */
        IF_NOT_SENT
    }

    /**
     * One attempt: {@code retry} says whether an earlier attempt may have reached a node (one that
     * was surely never sent does not count); {@code leftMs} is the time left.
     */
    @FunctionalInterface
    interface Attempt<T> {
        CompletableFuture<T> send(boolean retry, long leftMs);
    }

    private final Transport transport;
    private final Router router;
    private final Backoff backoff;
    private final int maxAttempts;
    private final LongSupplier nanoClock;
    private final long deadlineNanos;

    Calls(Transport transport, Router router, Backoff backoff, LongSupplier nanoClock, long deadlineMs) {
        this(transport, router, backoff, Integer.MAX_VALUE, nanoClock, deadlineMs);
    }

    Calls(Transport transport, Router router, RetryPolicy policy, LongSupplier nanoClock, long deadlineMs) {
        this(transport, router, policy.backoff(), policy.maxAttempts(), nanoClock, deadlineMs);
    }

    private Calls(Transport transport, Router router, Backoff backoff, int maxAttempts, LongSupplier nanoClock,
                  long deadlineMs) {
        this.transport = transport;
        this.router = router;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.nanoClock = nanoClock;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    }

    Router router() {
        return router;
    }

    /** The instant (nanoTime) a call starting now must be done by. */
    long deadline() {
        return nanoClock.getAsLong() + deadlineNanos;
    }

    /** As {@link #deadline()}, but no later than {@code capMs} from now. */
    long deadline(long capMs) {
        return nanoClock.getAsLong() + Math.min(deadlineNanos, TimeUnit.MILLISECONDS.toNanos(capMs));
    }

    /** One call to one node; a node that does not answer is avoided for a while. */
    <Req, Resp> CompletableFuture<Resp> send(String address, ServiceMethod<Resp, Req> method, Req request,
                                             long timeoutMs) {
        return transport.call(address, method, request, timeoutMs).whenComplete((ignored, error) -> {
            if (error != null && unwrap(error).isRetryable()) {
                router.avoid(address);
            }
        });
    }

    /**
     * Runs {@code attempt} (given the milliseconds left) until it succeeds, fails for good, or
     * the deadline passes. Each attempt routes afresh, so a retry goes to the owner of the
     * topology current by then. {@code retried} false still retries a request that never left
     * the client ({@link Retry#IF_NOT_SENT}).
     */
    <T> CompletableFuture<T> run(boolean retried, long deadline, LongFunction<CompletableFuture<T>> attempt) {
        return run(retried ? Retry.ALWAYS : Retry.IF_NOT_SENT, deadline, (ignored, leftMs) -> attempt.apply(leftMs));
    }

    /** As {@link #run(boolean, long, LongFunction)}, telling each attempt whether it is a retry. */
    <T> CompletableFuture<T> run(Retry retry, long deadline, Attempt<T> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(retry, deadline, attempt, 0, false, result);
        return result;
    }

    private <T> void attempt(Retry retry, long deadline, Attempt<T> attempt, int tries, boolean mayHaveReached,
                             CompletableFuture<T> result) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong());
        if (leftMs <= 0) {
            result.completeExceptionally(new RingcacheException(RingcacheException.DEADLINE_EXCEEDED,
                    "DEADLINE_EXCEEDED", "the call's deadline passed after " + tries + " attempts", false, null));
            return;
        }
        CompletableFuture<T> once;
        try {
            once = attempt.send(mayHaveReached, leftMs);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        once.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            RingcacheException failure = unwrap(error);
            long delayMs = backoff.delayMs(tries);
            long leftAfterDelay = deadline - nanoClock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(delayMs);
            boolean allowed = retry == Retry.ALWAYS || failure.notSent();
            if (!allowed || !failure.isRetryable() || tries + 1 >= maxAttempts || leftAfterDelay <= 0) {
                result.completeExceptionally(failure);
                return;
            }
            boolean reached = mayHaveReached || !failure.notSent();
            transport.schedule(delayMs, () -> attempt(retry, deadline, attempt, tries + 1, reached, result));
        });
    }

    static RingcacheException unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RingcacheException known ? known
                : new RingcacheException(13, "INTERNAL", String.valueOf(cause), false, cause);
    }
}
