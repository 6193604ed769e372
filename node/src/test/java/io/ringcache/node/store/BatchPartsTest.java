package io.ringcache.node.store;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch write answers after every partition's call, and says "not written" only when none was. */
class BatchPartsTest {

    private static final CacheException REFUSED = new CacheException(CacheError.UNAVAILABLE,
            "node not ready: the key's owner no longer hears a majority of the cluster; nothing was written");
    private static final CacheException UNKNOWN = new CacheException(CacheError.UNAVAILABLE,
            "the key's owner did not answer in time (membership is changing); retry");

    @Test
    void aRefusedPart_doesNotAnswerTheBatchWhileAnotherPartIsStillBeingWritten() {
        Promise<String> stillWriting = Promise.promise();

        Future<List<String>> batch = BatchParts.settled(List.of(Future.failedFuture(REFUSED), stillWriting.future()));

        assertThat(batch.isComplete()).as("answered while a part was in flight").isFalse();
        stillWriting.complete("written");
        assertThat(batch.failed()).isTrue();
        assertThat(batch.cause()).isInstanceOf(CacheException.class);
        assertThat(batch.cause().getMessage())
                .as("part was written: the client must not take it for a refusal and send it again")
                .doesNotStartWith("node not ready")
                .startsWith("the batch was written in part")
                .contains(REFUSED.getMessage());
        assertThat(((CacheException) batch.cause()).error()).isEqualTo(CacheError.UNAVAILABLE);
    }

    @Test
    void everyPartRefused_isARefusal() {
        Future<List<String>> batch = BatchParts.settled(List.of(Future.failedFuture(REFUSED),
                Future.failedFuture(REFUSED)));

        assertThat(batch.cause()).isSameAs(REFUSED);
    }

    @Test
    void aPartWithAnUnknownOutcome_makesTheBatchsOutcomeUnknown() {
        Future<List<String>> batch = BatchParts.settled(List.of(Future.failedFuture(REFUSED),
                Future.failedFuture(UNKNOWN), Future.succeededFuture("written")));

        assertThat(batch.cause()).isSameAs(UNKNOWN);
    }

    @Test
    void everyPartWritten_answersThePartsInOrder() {
        Future<List<String>> batch = BatchParts.settled(List.of(Future.succeededFuture("a"),
                Future.succeededFuture("b")));

        assertThat(batch.result()).containsExactly("a", "b");
    }
}
