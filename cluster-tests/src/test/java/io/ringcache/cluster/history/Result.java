package io.ringcache.cluster.history;

/** What an acknowledged call answered; compared by equality with what the model would answer. */
public sealed interface Result {

    /** Get: {@code found}, and then the value and version (version 0 and value null when absent). */
    record GetResult(boolean found, String value, long version) implements Result {
    }

    /** Put: whether it applied, and the version after the call (0 when absent and not applied). */
    record PutResult(boolean applied, long version) implements Result {
    }

    /** Delete: whether a key was removed. */
    record DeleteResult(boolean deleted) implements Result {
    }

    /** Increment applied: the counter and its version after the call. */
    record IncrementResult(long value, long version) implements Result {
    }

    /**
     * Increment refused with FAILED_PRECONDITION because the value is not a decimal int64 or the
     * sum overflows: nothing was written. Record it as an ok result (it tells the checker what the
     * value was not), or as a fail if the caller cannot tell it from other refusals.
     */
    record IncrementRefused() implements Result {
    }

    static Result absent() {
        return new GetResult(false, null, 0);
    }

    static Result found(String value, long version) {
        return new GetResult(true, value, version);
    }

    static Result written(long version) {
        return new PutResult(true, version);
    }

    static Result notWritten(long currentVersion) {
        return new PutResult(false, currentVersion);
    }

    static Result deleted(boolean deleted) {
        return new DeleteResult(deleted);
    }

    static Result counter(long value, long version) {
        return new IncrementResult(value, version);
    }

    static Result incrementRefused() {
        return new IncrementRefused();
    }
}
