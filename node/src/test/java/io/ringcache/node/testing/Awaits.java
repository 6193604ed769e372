package io.ringcache.node.testing;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on Vert.x futures from a test thread. */
public final class Awaits {

    private static final long DEFAULT_BOUND_SECONDS = 60;

    private Awaits() {
    }

    public static <T> T result(Future<T> future) {
        return result(future, DEFAULT_BOUND_SECONDS);
    }

    public static <T> T result(Future<T> future, long boundSeconds) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(boundSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("not done within " + boundSeconds + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
