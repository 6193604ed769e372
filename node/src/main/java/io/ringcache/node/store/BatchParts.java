package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.core.Future;

import java.util.List;

/**
 * How a batch write answers once it was sent to its partitions' owners, one call each: only
 * after every call has finished, and never with a "node not ready" refusal (which promises
 * nothing was written, so clients send the batch again) when part of it was written.
 *
 * <p>{@code Future.all} fails at the first refused partition while the others may still be
 * applied afterwards: the caller would be told "nothing was written" of a batch that, a moment
 * later, was written in part.
 */
final class BatchParts {

    private static final String NOT_READY = "node not ready:";

    private BatchParts() {
    }

    /** Every part's result in order once all succeeded; otherwise the failure the whole batch reports. */
    static <T> Future<List<T>> settled(List<Future<T>> parts) {
        return Future.join(parts).transform(joined -> {
            if (joined.succeeded()) {
                return Future.succeededFuture(parts.stream().map(Future::result).toList());
            }
            List<Throwable> failures = parts.stream().filter(Future::failed).map(Future::cause).toList();
            Throwable unknownOutcome = failures.stream().filter(failure -> !refusedUnwritten(failure)).findFirst()
                    .orElse(null);
            if (unknownOutcome != null) {
                return Future.failedFuture(unknownOutcome);
            }
            Throwable refusal = failures.get(0);
            if (failures.size() == parts.size()) {
                return Future.failedFuture(refusal);
            }
            return Future.failedFuture(new CacheException(CacheError.UNAVAILABLE, "the batch was written in part: "
                    + "the owners of some keys refused (" + refusal.getMessage() + "); the other keys were written",
                    refusal));
        });
    }

    private static boolean refusedUnwritten(Throwable failure) {
        return failure instanceof CacheException refusal && refusal.error() == CacheError.UNAVAILABLE
                && refusal.getMessage() != null && refusal.getMessage().startsWith(NOT_READY);
    }
}
