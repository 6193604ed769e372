package io.ringcache.client;

import io.vertx.grpc.common.ServiceMethod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Sends calls to nodes within a deadline: the one place that decides when a failure is tried
 * again (retryable operation, retryable failure, time left after the backoff), and that tells
 * the router to avoid a node that failed to answer.
 */
final class Calls {

    private final Transport transport;
    private final Router router;
    private final Backoff backoff;
    private final LongSupplier nanoClock;
    private final long deadlineNanos;

    Calls(Transport transport, Router router, Backoff backoff, LongSupplier nanoClock, long deadlineMs) {
        this.transport = transport;
        this.router = router;
        this.backoff = backoff;
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
     * topology current by then.
     */
    <T> CompletableFuture<T> run(boolean retried, long deadline, LongFunction<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(retried, deadline, attempt, 0, result);
        return result;
    }

    private <T> void attempt(boolean retried, long deadline, LongFunction<CompletableFuture<T>> attempt, int tries,
                             CompletableFuture<T> result) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong());
        if (leftMs <= 0) {
            result.completeExceptionally(new RingcacheException(RingcacheException.DEADLINE_EXCEEDED,
                    "DEADLINE_EXCEEDED", "the call's deadline passed after " + tries + " attempts", false, null));
            return;
        }
        CompletableFuture<T> once;
        try {
            once = attempt.apply(leftMs);
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
            if (!retried || !failure.isRetryable() || leftAfterDelay <= 0) {
                result.completeExceptionally(failure);
                return;
            }
            transport.schedule(delayMs, () -> attempt(true, deadline, attempt, tries + 1, result));
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
