package io.ringcache.bench;

import java.util.concurrent.CompletionStage;

/**
 * One way of talking to a cache: the load generator calls these from many threads at once.
 * Every call completes its stage with the outcome; a failure's {@link #statusOf} names it.
 */
interface Driver extends AutoCloseable {

    /** Reads one key. */
    CompletionStage<?> get(byte[] key);

    /** Writes one key. */
    CompletionStage<?> put(byte[] key, byte[] value);

    /** Reads many keys in one call. */
    CompletionStage<?> getMany(byte[][] keys);

    /** Writes many keys in one call. */
    CompletionStage<?> putMany(byte[][] keys, byte[] value);

    /** The failure a completion stage wraps, or the failure itself. */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** A short name for a failure, for the errors-by-status table (a gRPC status, an exception). */
    String statusOf(Throwable failure);

    /** Writes {@code keys} keys ahead of a run, so reads find them; returns when done. */
    void preload(int keys, byte[] value) throws Exception;

    @Override
    void close();
}
