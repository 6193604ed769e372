package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed views encode on the way out and decode on the way back, over a node kept in a map. */
class CodecCacheTest {

    private static final String[] NODES = {"node-0:7070", "node-1:7070"};
    private static final long DEADLINE_MS = 2_000;

    /** Keys as longs, big-endian: a codec of the user's own. */
    private static final Codec<Long> LONGS = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    private final Map<ByteString, ByteString> stored = new ConcurrentHashMap<>();
    private final FakeTransport transport = new FakeTransport().answering((address, request) -> {
        if (request instanceof PutRequest put) {
            stored.put(put.getKey(), put.getValue());
            return PutResponse.newBuilder().setApplied(true).setVersion(1).build();
        }
        if (request instanceof GetRequest get) {
            return lookup(get.getKey());
        }
        if (request instanceof PutManyRequest many) {
            PutManyResponse.Builder response = PutManyResponse.newBuilder();
            many.getEntriesList().forEach(entry -> {
                stored.put(entry.getKey(), entry.getValue());
                response.addVersions(1);
            });
            return response.build();
        }
        GetManyResponse.Builder response = GetManyResponse.newBuilder();
        ((GetManyRequest) request).getKeysList().forEach(key -> response.addResults(lookup(key)));
        return response.build();
    });
    private final Router router = new Router(List.of("seed:7070"), transport.nanos::get,
            TimeUnit.SECONDS.toNanos(1));
    private final AsyncCache cache = new DefaultAsyncCache("default",
            new Calls(transport, router, new Backoff(20, 500), transport.nanos::get, DEADLINE_MS), DEADLINE_MS);

    CodecCacheTest() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
    }

    private GetResponse lookup(ByteString key) {
        ByteString value = stored.get(key);
        return value == null ? GetResponse.getDefaultInstance()
                : GetResponse.newBuilder().setFound(true).setValue(value).setVersion(1).build();
    }

    @Test
    void valuesRoundTripThroughTheCodecs_andTheStoredBytesAreTheEncodedOnes() throws Exception {
        TypedCache<Long, String> typed = cache.with(LONGS, Codec.utf8());

        typed.put(42L, "answer").toCompletableFuture().get();

        assertThat(typed.get(42L).toCompletableFuture().get()).contains("answer");
        assertThat(typed.get(7L).toCompletableFuture().get()).isEmpty();
        assertThat(stored).containsEntry(ByteString.copyFrom(LONGS.encode(42L)), ByteString.copyFromUtf8("answer"));
        assertThat(typed.raw()).isSameAs(cache);
    }

    @Test
    void batches_keepOnlyTheKeysFound_inRequestOrder() throws Exception {
        TypedCache<Long, String> typed = cache.with(LONGS, Codec.utf8());
        typed.putMany(Map.of(1L, "one", 3L, "three"), Duration.ZERO).toCompletableFuture().get();

        Map<Long, String> found = typed.getMany(List.of(3L, 2L, 1L)).toCompletableFuture().get();

        assertThat(found).containsExactly(Map.entry(3L, "three"), Map.entry(1L, "one"));
    }

    @Test
    void aCodecThatThrows_failsTheCall_andSendsNothing() {
        Codec<String> broken = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                throw new IllegalArgumentException("cannot encode " + value);
            }

            @Override
            public String decode(byte[] bytes) {
                throw new IllegalStateException("cannot decode");
            }
        };
        TypedCache<String, String> typed = cache.with(Codec.utf8(), broken);

        assertThatThrownBy(() -> typed.put("k", "v").toCompletableFuture().get())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(transport.sent).isEmpty();
        cache.with(Codec.utf8(), Codec.utf8()).put("k", "v");
        assertThatThrownBy(() -> typed.get("k").toCompletableFuture().get())
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(cache.with(Codec.bytes(), Codec.bytes()).get(new byte[] {'k'}).toCompletableFuture().join())
                .hasValueSatisfying(value -> assertThat(value).containsExactly('v'));
    }
}
