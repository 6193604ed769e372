package io.ringcache.node.cache;

import io.vertx.core.Future;

import java.util.function.Function;

/**
 * Changes a key from what it holds now, atomically with respect to every other writer: read
 * it, decide, write under a version condition (or on absence), and start over if another write
 * came in between. Operations the store has no single call for (append, set-range, get-and-set,
 * float increments, keeping a TTL across a write) are built on it, the same for every protocol.
 */
public final class ReadModifyWrite {

    /** Retries before giving up on a key other writers keep changing. */
    private static final int MAX_ATTEMPTS = 64;

    /** What to do with the key, decided from its current state. */
    public sealed interface Step<R> {
        /** Write nothing; answer {@code result}. */
        record Answer<R>(R result) implements Step<R> {
        }

        /** Write {@code value} with {@code ttlMs} (0 = the cache's default), then answer {@code result}. */
        record Write<R>(byte[] value, long ttlMs, R result) implements Step<R> {
        }

        /** Remove the key, then answer {@code result}. */
        record Remove<R>(R result) implements Step<R> {
        }
    }

    private ReadModifyWrite() {
    }

    public static <R> Step<R> answer(R result) {
        return new Step.Answer<>(result);
    }

    public static <R> Step<R> write(byte[] value, long ttlMs, R result) {
        return new Step.Write<>(value, ttlMs, result);
    }

    public static <R> Step<R> remove(R result) {
        return new Step.Remove<>(result);
    }

    /**
     * Applies {@code decide} to the key's current state and carries out its step, retrying with
     * a fresh read whenever the key changed in between.
     *
     * @param decide may throw {@link CacheException} (or a protocol's own error) to fail the operation
     */
    public static <R> Future<R> apply(CacheStore store, String cache, CacheKey key, Function<Lookup, Step<R>> decide) {
        return attempt(store, cache, key, decide, 1);
    }

    private static <R> Future<R> attempt(CacheStore store, String cache, CacheKey key, Function<Lookup, Step<R>> decide,
                                         int attempt) {
        return store.get(cache, key).compose(current -> {
            Step<R> step = decide.apply(current);
            if (step instanceof Step.Answer<R> answer) {
                return Future.succeededFuture(answer.result());
            }
            Future<Boolean> applied;
            R result;
            if (step instanceof Step.Write<R> write) {
                result = write.result();
                applied = current.found()
                        ? store.put(cache, key, write.value(), write.ttlMs(), WriteCondition.IF_VERSION, current.version())
                        .map(WriteResult::applied)
                        : store.put(cache, key, write.value(), write.ttlMs(), WriteCondition.IF_ABSENT, 0)
                        .map(WriteResult::applied);
            } else {
                result = ((Step.Remove<R>) step).result();
                applied = current.found() ? store.delete(cache, key, current.version()) : Future.succeededFuture(true);
            }
            return applied.compose(done -> {
                if (done) {
                    return Future.succeededFuture(result);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    return Future.failedFuture(new CacheException(CacheError.UNAVAILABLE,
                            "the key changed under " + MAX_ATTEMPTS + " attempts to update it; try again"));
                }
                return attempt(store, cache, key, decide, attempt + 1);
            });
        });
    }
}
