package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PipelineRequest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class PipeliningTransportTest {

    private final FakeTransport unary = new FakeTransport()
            .answering((address, request) -> IncrementResponse.newBuilder().setValue(7).build());
    private final FakePipelineWire wire = new FakePipelineWire();
    private final PipeliningTransport transport = new PipeliningTransport(unary, wire,
            new PipeliningTransport.Settings(2, 1024, 16), unary.nanos::get);

    @Test
    void getsGoOnThePipeline_andAnswerWithTheUnaryResponseType() {
        CompletableFuture<GetResponse> answer = transport.call("a:1", CacheServiceGrpcClient.Get,
                GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build(), 1_000);
        FakePipelineWire.FakeStream stream = wire.streams.get(0).open();
        wire.runTurn();
        PipelineRequest sent = stream.written().get(0);
        assertThat(sent.getGet().getKey().toStringUtf8()).isEqualTo("k");
        stream.answer(sent);

        assertThat(answer.join().getValue().toStringUtf8()).isEqualTo("k");
        assertThat(unary.sent).isEmpty();
        assertThat(transport.pipelinedCalls()).isEqualTo(1);
    }

    @Test
    void operationsThePipelineDoesNotCarry_stayUnary() {
        IncrementResponse answer = transport.call("a:1", CacheServiceGrpcClient.Increment,
                IncrementRequest.newBuilder().setKey(ByteString.copyFromUtf8("n")).setDelta(1).build(), 1_000).join();
        assertThat(answer.getValue()).isEqualTo(7);
        assertThat(unary.sent).extracting(FakeTransport.Sent::method).containsExactly("Increment");
        assertThat(wire.streams).isEmpty();
    }
}
