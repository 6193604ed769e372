package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MemberPipelinesTest {

    private final FakePipelineWire wire = new FakePipelineWire();
    private final AtomicLong nanos = new AtomicLong();

    private MemberPipelines member(int streams, int maxInFlight, int maxQueued) {
        return new MemberPipelines("10.0.0.1:7070", wire, streams, maxInFlight, maxQueued, nanos::get);
    }

    private static PipelineRequest.Builder get(String key) {
        return PipelineRequest.newBuilder().setGet(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)));
    }

    private static String valueOf(CompletableFuture<PipelineResponse> call) {
        return call.join().getGet().getValue().toStringUtf8();
    }

    private static RingcacheException failureOf(CompletableFuture<?> call) {
        assertThat(call).isCompletedExceptionally();
        return Calls.unwrap(call.handle((ok, error) -> error).join());
    }

    @Test
    void callsOfOneTurn_goOutAsOneBatch_onOneStream_andAreMatchedById() {
        MemberPipelines member = member(1, 1024, 16);
        List<CompletableFuture<PipelineResponse>> calls = IntStream.range(0, 5)
                .mapToObj(i -> member.call(get("k" + i), 1_000)).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        assertThat(wire.streams).as("streams opened for five calls").hasSize(1);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        assertThat(stream.batches).as("nothing is written before the stream's next turn").isEmpty();

        wire.runTurn();
        calls.add(member.call(get("k5"), 1_000));
        wire.runTurn();

        assertThat(stream.batches).extracting(List::size).containsExactly(5, 1);
        List<PipelineRequest> written = stream.written();
        assertThat(written).extracting(PipelineRequest::getId).doesNotHaveDuplicates();
        // Answers in reverse order still reach their own callers.
        for (int i = written.size() - 1; i >= 0; i--) {
            stream.answer(written.get(i));
        }
        assertThat(calls).extracting(MemberPipelinesTest::valueOf).containsExactly("k0", "k1", "k2", "k3", "k4", "k5");
        assertThat(member.outstanding()).isZero();
    }

    @Test
    void callsSpreadOverTheStreams_byLoad() {
        MemberPipelines member = member(2, 1024, 16);
        IntStream.range(0, 4).forEach(i -> member.call(get("k" + i), 1_000));
        assertThat(wire.streams).hasSize(2);
        wire.streams.forEach(FakePipelineWire.FakeStream::open);
        wire.runTurn();
        assertThat(wire.streams).allSatisfy(stream -> assertThat(stream.written()).hasSize(2));
    }

    @Test
    void fullStreams_queueCallsUpToTheBound_thenFailFast_andAnswersMakeRoom() {
        MemberPipelines member = member(1, 2, 1);
        CompletableFuture<PipelineResponse> first = member.call(get("a"), 1_000);
        member.call(get("b"), 1_000);
        CompletableFuture<PipelineResponse> queued = member.call(get("c"), 1_000);
        CompletableFuture<PipelineResponse> refused = member.call(get("d"), 1_000);

        RingcacheException failure = failureOf(refused);
        assertThat(failure.code()).isEqualTo(MemberPipelines.RESOURCE_EXHAUSTED);
        assertThat(failure.isRetryable()).isFalse();
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        wire.runTurn();
        assertThat(stream.written()).as("sent while the stream is full").hasSize(2);

        stream.answer(stream.written().get(0));
        wire.runTurn();
        assertThat(valueOf(first)).isEqualTo("a");
        assertThat(stream.written()).extracting(call -> call.getGet().getKey().toStringUtf8())
                .containsExactly("a", "b", "c");
        stream.answer(stream.written().get(2));
        assertThat(valueOf(queued)).isEqualTo("c");
    }

    @Test
    void aCallPastItsDeadline_failsDeadlineExceeded_itsLateAnswerIsIgnored_andItHoldsItsSlotUntilAnswered() {
        MemberPipelines member = member(1, 1, 4);
        CompletableFuture<PipelineResponse> slow = member.call(get("slow"), 100);
        CompletableFuture<PipelineResponse> waiting = member.call(get("waiting"), 100);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        wire.runTurn();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(99));
        member.expire();
        assertThat(slow).isNotDone();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        member.expire();
        assertThat(failureOf(slow).code()).isEqualTo(RingcacheException.DEADLINE_EXCEEDED);
        assertThat(failureOf(waiting).code()).as("a queued call has a deadline too")
                .isEqualTo(RingcacheException.DEADLINE_EXCEEDED);

        CompletableFuture<PipelineResponse> next = member.call(get("next"), 1_000);
        wire.runTurn();
        assertThat(stream.written()).as("the node still works on the expired call: no room yet").hasSize(1);
        stream.answer(stream.written().get(0));
        assertThat(failureOf(slow).code()).as("the late answer changes nothing")
                .isEqualTo(RingcacheException.DEADLINE_EXCEEDED);
        wire.runTurn();
        assertThat(stream.written()).hasSize(2);
        stream.answer(stream.written().get(1));
        assertThat(valueOf(next)).isEqualTo("next");
    }

    @Test
    void aCallExpiredBeforeItsFlush_isNeverWritten() {
        MemberPipelines member = member(1, 8, 4);
        CompletableFuture<PipelineResponse> expired = member.call(get("gone"), 10);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
        member.expire();
        wire.runTurn();
        assertThat(failureOf(expired).code()).isEqualTo(RingcacheException.DEADLINE_EXCEEDED);
        assertThat(stream.written()).isEmpty();
        assertThat(member.outstanding()).isZero();
    }

    @Test
    void aStreamThatEnds_failsItsCallsAsRetryableConnectionFailures_andIsReopenedWhenNextNeeded() {
        MemberPipelines member = member(1, 8, 4);
        CompletableFuture<PipelineResponse> lost = member.call(get("lost"), 1_000);
        FakePipelineWire.FakeStream first = wire.streams.get(0).open();
        wire.runTurn();

        first.listener.ended(new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE", "reset", true, null));
        RingcacheException failure = failureOf(lost);
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.isConnectionFailure()).isTrue();
        assertThat(wire.streams).as("not reopened until a call needs it").hasSize(1);

        first.answer(first.written().get(0)); // a straggler from the dead stream is ignored
        CompletableFuture<PipelineResponse> retried = member.call(get("again"), 1_000);
        assertThat(wire.streams).hasSize(2);
        FakePipelineWire.FakeStream second = wire.streams.get(1).open();
        wire.runTurn();
        second.answer(second.written().get(0));
        assertThat(valueOf(retried)).isEqualTo("again");
    }

    @Test
    void aStreamThatCannotOpen_failsItsCallsUnavailable() {
        MemberPipelines member = member(1, 8, 4);
        CompletableFuture<PipelineResponse> call = member.call(get("k"), 1_000);
        wire.streams.get(0).opened.completeExceptionally(new java.net.ConnectException("refused"));
        RingcacheException failure = failureOf(call);
        assertThat(failure.code()).isEqualTo(RingcacheException.UNAVAILABLE);
        assertThat(failure.isConnectionFailure()).isTrue();
    }

    @Test
    void nodeErrors_failTheirCallWithTheNodesStatus() {
        MemberPipelines member = member(1, 8, 4);
        CompletableFuture<PipelineResponse> call = member.call(get("k"), 1_000);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        wire.runTurn();
        stream.listener.answered(PipelineResponse.newBuilder().setId(stream.written().get(0).getId())
                .setError(io.ringcache.proto.v1.Error.newBuilder().setCode(3).setMessage("key too long")).build());
        RingcacheException failure = failureOf(call);
        assertThat(failure.status()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failure.isConnectionFailure()).isFalse();
    }

    @Test
    void close_failsEveryCall_andResetsTheStreams() {
        MemberPipelines member = member(1, 1, 4);
        CompletableFuture<PipelineResponse> sent = member.call(get("a"), 1_000);
        CompletableFuture<PipelineResponse> queued = member.call(get("b"), 1_000);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        member.close();
        assertThat(failureOf(sent).code()).isEqualTo(RingcacheException.UNAVAILABLE);
        assertThat(failureOf(queued).code()).isEqualTo(RingcacheException.UNAVAILABLE);
        assertThat(stream.cancelled).isTrue();
    }
}
