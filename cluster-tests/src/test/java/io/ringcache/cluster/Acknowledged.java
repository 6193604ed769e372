package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.GetResponse;
import io.vertx.grpc.common.GrpcStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Checks of acknowledged writes, shared by every loss test. */
final class Acknowledged {

    /** How long a check keeps asking for the keys that are not answered at once. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    private static final long RETRY_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Acknowledged() {
    }

    /**
     * The keys of {@code written} that {@code client} cannot read back with their value. A read
     * refused as unavailable, or past its deadline, is asked again (a membership change can hold a
     * read up for a moment, and that is no loss) until {@link #ANSWER_BOUND} after the first
     * read; a key that gets no answer by then fails the check with that status.
     */
    static List<String> unreadable(CacheTestClient client, Map<String, String> written) {
        long giveUpAt = System.nanoTime() + ANSWER_BOUND.toNanos();
        List<String> missing = new ArrayList<>();
        written.forEach((key, value) -> {
            GetResponse response = readAnswered(client, key, giveUpAt);
            if (!response.getFound() || !response.getValue().toStringUtf8().equals(value)) {
                missing.add(key);
            }
        });
        return missing;
    }

    private static GetResponse readAnswered(CacheTestClient client, String key, long giveUpAt) {
        while (true) {
            try {
                return client.get(key);
            } catch (GrpcCallException e) {
                boolean retryable = e.status() == GrpcStatus.UNAVAILABLE || e.status() == GrpcStatus.DEADLINE_EXCEEDED;
                if (!retryable || System.nanoTime() - giveUpAt > 0) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS); // as a client backs off before asking again
            }
        }
    }
}
