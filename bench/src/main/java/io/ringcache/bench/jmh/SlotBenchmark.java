package io.ringcache.bench.jmh;

import io.ringcache.node.routing.Slots;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Purpose: the slot of a key (CRC16 with hash tags), computed for every keyed request. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SlotBenchmark {

    private final byte[] plainKey = "user:0000000042".getBytes(StandardCharsets.US_ASCII);
    private final byte[] taggedKey = "{user:42}:profile".getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public int slotOfPlainKey() {
        return Slots.slot(plainKey);
    }

    @Benchmark
    public int slotOfHashTaggedKey() {
        return Slots.slot(taggedKey);
    }
}
