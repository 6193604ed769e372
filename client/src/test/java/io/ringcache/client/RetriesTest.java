package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutResponse;
import io.ringcache.proto.v1.TouchResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry policy and which failures each operation may be sent again after, over a fake transport. */
class RetriesTest {

    private static final String[] NODES = {"node-0:7070", "node-1:7070", "node-2:7070"};

    private final FakeTransport transport = new FakeTransport();
    private final Router router = new Router(List.of("seed:7070"), transport.nanos::get,
            TimeUnit.SECONDS.toNanos(1));
    private final String a = Topologies.keyOwnedBy(NODES[0], "a", NODES);
    private final String b = Topologies.keyOwnedBy(NODES[1], "b", NODES);

    RetriesTest() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
    }

    @Test
    void anIncrement_carriesARequestId_andIsRetriedUnderTheSameId_markedAsARetry() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        transport.answering((address, request) -> {
            if (attempts.incrementAndGet() < 3) {
                throw FakeTransport.unavailableAfterSending();
            }
            return IncrementResponse.newBuilder().setValue(1).setVersion(1).build();
        });

        IncrementResult result = join(cache(RetryPolicy.defaults(), 2_000).increment(a, 1));

        List<IncrementRequest> sent = transport.sent("Increment").stream()
                .map(call -> (IncrementRequest) call.request()).toList();
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(IncrementRequest::getRequestId).doesNotContain("").containsOnly(
                sent.get(0).getRequestId());
        assertThat(sent).extracting(IncrementRequest::getRetry).containsExactly(false, true, true);
        assertThat(result.value()).isEqualTo(1);
    }

    @Test
    void anIncrementNeverSent_isNotMarkedAsARetry_soAnOwnerInDoubtStillAppliesIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        transport.answering((address, request) -> {
            if (attempts.incrementAndGet() < 3) {
                throw FakeTransport.notSent();
            }
            return IncrementResponse.newBuilder().setValue(1).setVersion(1).build();
        });

        join(cache(RetryPolicy.defaults(), 2_000).increment(a, 1));

        assertThat(transport.sent("Increment")).extracting(call -> ((IncrementRequest) call.request()).getRetry())
                .containsExactly(false, false, false);
    }

    @Test
    void everyIncrement_getsItsOwnRequestId() throws Exception {
        transport.answering((address, request) -> IncrementResponse.getDefaultInstance());
        AsyncCache cache = cache(RetryPolicy.defaults(), 2_000);

        join(cache.increment(a, 1));
        join(cache.increment(a, 1));

        assertThat(transport.sent("Increment")).extracting(call -> ((IncrementRequest) call.request()).getRequestId())
                .doesNotHaveDuplicates();
    }

    @Test
    void anIncrement_isRetriedForAtMostHalfTheServersMemory_evenUnderALongerDeadline() {
        transport.answering((address, request) -> {
            throw FakeTransport.unavailableAfterSending();
        });

        assertThat(outcome(() -> cache(RetryPolicy.of(1_000, Duration.ofMillis(20), Duration.ofMillis(500)), 120_000)
                .increment(a, 1))).isEqualTo("UNAVAILABLE");
        assertThat(TimeUnit.NANOSECONDS.toMillis(transport.nanos.get()))
                .isLessThanOrEqualTo(DefaultAsyncCache.INCREMENT_RETRY_WINDOW_MS);
    }

    @Test
    void unconditionalWrites_areRetried_whenTheRequestWasNeverSent() {
        AtomicInteger calls = new AtomicInteger();
        transport.answering((address, request) -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw FakeTransport.notSent();
            }
            return answer(request);
        });
        AsyncCache cache = cache(RetryPolicy.defaults(), 2_000);

        assertThat(List.of(outcome(() -> cache.put(a, "v")), outcome(() -> cache.delete(a)),
                outcome(() -> cache.put(a, "v", PutOptions.ifPresent())),
                outcome(() -> cache.touch(a, Duration.ofSeconds(1))),
                outcome(() -> cache.putMany(Map.of(a, "1"), Duration.ZERO)),
                outcome(() -> cache.deleteMany(a)))).containsOnly("ok");
        assertThat(transport.sent).hasSize(12);
    }

    @Test
    void unconditionalWrites_areRetried_whenANodeRefusedThemUnreadAsNotReady() {
        AtomicInteger calls = new AtomicInteger();
        transport.answering((address, request) -> {
            if (calls.incrementAndGet() % 2 == 1) {
                // As a starting, draining or quorum-less node answers, before it reads the call.
                throw RingcacheException.fromNode(RingcacheException.UNAVAILABLE, "UNAVAILABLE",
                        "node not ready: starting: joining the cluster", null);
            }
            return answer(request);
        });
        AsyncCache cache = cache(RetryPolicy.defaults(), 2_000);

        assertThat(List.of(outcome(() -> cache.put(a, "v")), outcome(() -> cache.delete(a)),
                outcome(() -> cache.putMany(Map.of(a, "1"), Duration.ZERO)))).containsOnly("ok");
        assertThat(transport.sent).hasSize(6);
        // Any other UNAVAILABLE from a node may come after the write was applied: not sent again.
        assertThat(RingcacheException.fromNode(RingcacheException.UNAVAILABLE, "UNAVAILABLE",
                "a write may or may not have been applied", null).notSent()).isFalse();
    }

    @Test
    void unconditionalWrites_areNotRetried_onceTheyMayHaveReachedANode() {
        transport.answering((address, request) -> {
            throw FakeTransport.unavailableAfterSending();
        });
        AsyncCache cache = cache(RetryPolicy.defaults(), 2_000);

        assertThat(List.of(outcome(() -> cache.put(a, "v")), outcome(() -> cache.delete(a)),
                outcome(() -> cache.touch(a, Duration.ofSeconds(1))),
                outcome(() -> cache.putMany(Map.of(a, "1"), Duration.ZERO)))).containsOnly("UNAVAILABLE");
        assertThat(transport.sent).hasSize(4);
    }

    @Test
    void aBatchPart_neverSent_goesToTheNewOwner_onceTheTopologyMoves() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        transport.answering((address, request) -> {
            if (calls.incrementAndGet() == 1) {
                router.update(ClientTopology.of(Topologies.even(2, NODES[0], NODES[2])));
                throw FakeTransport.notSent();
            }
            PutManyResponse.Builder response = PutManyResponse.newBuilder();
            ((PutManyRequest) request).getEntriesList().forEach(entry -> response.addVersions(1));
            return response.build();
        });

        join(cache(RetryPolicy.defaults(), 2_000).putMany(Map.of(b, "1"), Duration.ZERO));

        assertThat(transport.sent).extracting(FakeTransport.Sent::address)
                .containsExactly(NODES[1], Topologies.ownerIn(b, NODES[0], NODES[2]));
    }

    @Test
    void maxAttempts_boundsTheAttempts_withinTheDeadline() {
        transport.answering((address, request) -> {
            throw FakeTransport.unavailable();
        });

        assertThat(outcome(() -> cache(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(40)), 60_000)
                .get(a))).isEqualTo("UNAVAILABLE");
        assertThat(transport.sent).hasSize(3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(transport.nanos.get())).as("two backoffs: <= 10 + 20 ms")
                .isLessThanOrEqualTo(30);
    }

    @Test
    void noRetries_letsTheFirstFailureReachTheCaller() {
        transport.answering((address, request) -> {
            throw FakeTransport.notSent();
        });

        assertThat(outcome(() -> cache(RetryPolicy.none(), 2_000).get(a))).isEqualTo("UNAVAILABLE");
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void aPolicy_rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RetryPolicy.of(3, Duration.ofMillis(100), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the base");
    }

    private AsyncCache cache(RetryPolicy policy, long deadlineMs) {
        return new DefaultAsyncCache("sessions", new Calls(transport, router, policy, transport.nanos::get,
                deadlineMs), deadlineMs);
    }

    private static Object answer(Object request) {
        return switch (request.getClass().getSimpleName()) {
            case "PutRequest" -> PutResponse.newBuilder().setApplied(true).setVersion(1).build();
            case "DeleteRequest" -> DeleteResponse.newBuilder().setDeleted(true).build();
            case "TouchRequest" -> TouchResponse.newBuilder().setFound(true).build();
            case "PutManyRequest" -> PutManyResponse.newBuilder().addVersions(1).build();
            case "DeleteManyRequest" -> DeleteManyResponse.newBuilder().setDeleted(1).build();
            default -> GetResponse.newBuilder().setFound(true).setValue(ByteString.EMPTY).build();
        };
    }

    private static String outcome(Supplier<CompletionStage<?>> call) {
        try {
            join(call.get());
            return "ok";
        } catch (RingcacheException e) {
            return e.status();
        }
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RingcacheException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
