package io.ringcache.bench.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Purpose: the per-call protobuf cost a node pays, decoding a Get and encoding its 100-byte answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtobufCodecBenchmark {

    private final byte[] request = GetRequest.newBuilder()
            .setKey(ByteString.copyFrom("user:0000000042", StandardCharsets.US_ASCII)).build().toByteArray();
    private final byte[] value = new byte[100];

    @Benchmark
    public GetRequest decodeGetRequest() throws InvalidProtocolBufferException {
        return GetRequest.parseFrom(request);
    }

    @Benchmark
    public byte[] encodeGetResponse() {
        return GetResponse.newBuilder().setFound(true).setValue(com.google.protobuf.UnsafeByteOperations.unsafeWrap(value))
                .setVersion(7).build().toByteArray();
    }
}
