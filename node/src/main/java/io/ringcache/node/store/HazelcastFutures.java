package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Bridges Hazelcast's async results onto a Vert.x context, translating its failures. */
final class HazelcastFutures {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastFutures.class);
    /** A read is re-issued at most this often in all; each owner loss costs one. */
    private static final int READ_ATTEMPTS = 3;

    private HazelcastFutures() {
    }

    /**
     * Starts a Hazelcast async call and bridges its result onto {@code context}. Hazelcast
     * may also throw at once (the member is shutting down, overload): that is translated too.
     */
    static <T> Future<T> call(Supplier<CompletionStage<T>> call, Context context) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(translate(e));
        }
        return onContext(stage, context);
    }

    /**
     * Like {@link #call}, for a call without side effects: when its target left mid-call,
     * Hazelcast cannot know whether it ran and fails it as indeterminate (a read runs as an
     * entry processor, which Hazelcast treats as a write). A read is safe to run again, so it
     * is re-issued; the retry reaches the key's new owner once the partition table has moved.
     */
    static <T> Future<T> read(Supplier<CompletionStage<T>> call, Context context) {
        return read(call, context, READ_ATTEMPTS);
    }

    private static <T> Future<T> read(Supplier<CompletionStage<T>> call, Context context, int attemptsLeft) {
        return HazelcastFutures.call(call, context).recover(error -> attemptsLeft > 1
                && error.getCause() instanceof IndeterminateOperationStateException
                ? read(call, context, attemptsLeft - 1)
                : Future.failedFuture(error));
    }

    /**
     * A Vert.x future completed on {@code context} when {@code stage} completes.
     *
     * <p>The callback is registered with an explicit executor on purpose: a plain
     * {@code whenComplete} on a Hazelcast future runs on the common ForkJoin pool, which on a
     * 2-core machine has parallelism 1 and so starts a new thread per callback (about 30x
     * slower). Running it on Hazelcast's response thread only hops to the event loop.
     */
    private static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
        Promise<T> promise = Promise.promise();
        stage.whenCompleteAsync((value, error) -> context.runOnContext(ignored -> {
            if (error == null) {
                promise.complete(value);
            } else {
                promise.fail(translate(error));
            }
        }), Runnable::run);
        return promise.future();
    }

    /** Maps a Hazelcast failure to the cache's error taxonomy. */
    static CacheException translate(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CacheException cacheException) {
            return cacheException;
        }
        if (cause instanceof IndeterminateOperationStateException) {
            return new CacheException(CacheError.UNAVAILABLE,
                    "the key's owner or its backups did not confirm the operation (membership is changing); "
                            + "a write may or may not have been applied", cause);
        }
        if (cause instanceof HazelcastInstanceNotActiveException) {
            return new CacheException(CacheError.UNAVAILABLE, "the node is shutting down", cause);
        }
        if (cause instanceof OperationTimeoutException || cause instanceof MemberLeftException
                || cause instanceof RetryableException) {
            return new CacheException(CacheError.UNAVAILABLE,
                    "the key's owner did not answer in time (membership is changing); retry", cause);
        }
        LOG.warn("Unexpected failure of a cache operation", cause);
        return new CacheException(CacheError.INTERNAL, "internal error: " + cause.getClass().getSimpleName(), cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
