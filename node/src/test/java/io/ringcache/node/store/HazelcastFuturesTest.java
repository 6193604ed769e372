package io.ringcache.node.store;

import com.hazelcast.core.IndeterminateOperationStateException;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.testing.Awaits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read whose owner left mid-call is re-issued; a write never is (it may have been applied). */
class HazelcastFuturesTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger invocations = new AtomicInteger();

    @AfterEach
    void closeVertx() {
        Awaits.result(vertx.close());
    }

    @Test
    void aReadInterruptedByAnOwnerLeaving_isReissuedAndAnswers() {
        Future<String> read = HazelcastFutures.read(failingFirst(2, new IndeterminateOperationStateException("left")),
                vertx.getOrCreateContext());

        assertThat(Awaits.result(read)).isEqualTo("value");
        assertThat(invocations).hasValue(3);
    }

    @Test
    void aReadThatKeepsLosingItsOwner_failsAsUnavailableAfterABoundedNumberOfAttempts() {
        Future<String> read = HazelcastFutures.read(failingFirst(100, new IndeterminateOperationStateException("left")),
                vertx.getOrCreateContext());

        assertThatThrownBy(() -> Awaits.result(read)).hasCauseInstanceOf(CacheException.class);
        assertThat(((CacheException) read.cause()).error()).isEqualTo(CacheError.UNAVAILABLE);
        assertThat(invocations).hasValue(3);
    }

    @Test
    void aWriteInterruptedByAnOwnerLeaving_isNotReissued() {
        Future<String> write = HazelcastFutures.call(failingFirst(1, new IndeterminateOperationStateException("left")),
                vertx.getOrCreateContext());

        assertThatThrownBy(() -> Awaits.result(write)).hasCauseInstanceOf(CacheException.class);
        assertThat(invocations).hasValue(1);
    }

    @Test
    void aReadFailingForAnotherReason_isNotReissued() {
        Future<String> read = HazelcastFutures.read(failingFirst(1, new IllegalStateException("bug")),
                vertx.getOrCreateContext());

        assertThatThrownBy(() -> Awaits.result(read)).hasCauseInstanceOf(CacheException.class);
        assertThat(((CacheException) read.cause()).error()).isEqualTo(CacheError.INTERNAL);
        assertThat(invocations).hasValue(1);
    }

    private Supplier<CompletionStage<String>> failingFirst(int failures, RuntimeException failure) {
        return () -> invocations.incrementAndGet() <= failures
                ? CompletableFuture.failedFuture(failure)
                : CompletableFuture.completedFuture("value");
    }
}
