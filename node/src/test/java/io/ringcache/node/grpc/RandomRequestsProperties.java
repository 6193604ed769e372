package io.ringcache.node.grpc;

import com.google.protobuf.ByteString;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.TouchRequest;
import io.vertx.grpc.common.GrpcStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests of every kind, valid or not (odd keys, sizes past the limits, negative and
 * huge numbers, unknown enum values and cache names, oversized batches), against one node:
 * each must get a clear status, never INTERNAL or UNKNOWN, and the node must keep serving.
 */
class RandomRequestsProperties {

    private static final Set<GrpcStatus> CLEAR = Set.of(GrpcStatus.OK, GrpcStatus.INVALID_ARGUMENT,
            GrpcStatus.NOT_FOUND, GrpcStatus.FAILED_PRECONDITION, GrpcStatus.RESOURCE_EXHAUSTED);

    private static RingcacheNode node;
    private static CacheTestClient client;

    @BeforeContainer
    static void startNode() {
        node = TestNodes.startSingleNode("--max-key-bytes=1024", "--max-value-bytes=2048",
                "--max-request-bytes=65536", "--max-batch-keys=50");
        client = new CacheTestClient(node.grpcPort());
    }

    @AfterContainer
    static void stopNode() {
        client.close();
        Awaits.result(node.stop());
    }

    @Property(tries = 400)
    void everyRandomRequest_getsAClearStatus(@ForAll("calls") Consumer<CacheTestClient> call) {
        GrpcStatus status = client.statusOf(() -> call.accept(client));

        assertThat(status).isIn(CLEAR);
        client.put("still-serving", "yes");
    }

    @Provide
    Arbitrary<Consumer<CacheTestClient>> calls() {
        return Arbitraries.oneOf(gets(), puts(), deletes(), increments(), touches(), batches());
    }

    private Arbitrary<Consumer<CacheTestClient>> gets() {
        return Combinators.combine(caches(), keys()).as((cache, key) -> c ->
                c.get(GetRequest.newBuilder().setCache(cache).setKey(key).build()));
    }

    private Arbitrary<Consumer<CacheTestClient>> puts() {
        return Combinators.combine(caches(), keys(), values(), numbers(), Arbitraries.integers().between(0, 7),
                numbers()).as((cache, key, value, ttl, condition, version) -> c ->
                c.put(PutRequest.newBuilder().setCache(cache).setKey(key).setValue(value).setTtlMs(ttl)
                        .setConditionValue(condition).setExpectedVersion(version).build()));
    }

    private Arbitrary<Consumer<CacheTestClient>> deletes() {
        return Combinators.combine(caches(), keys(), numbers()).as((cache, key, version) -> c ->
                c.delete(DeleteRequest.newBuilder().setCache(cache).setKey(key).setExpectedVersion(version).build()));
    }

    private Arbitrary<Consumer<CacheTestClient>> increments() {
        return Combinators.combine(caches(), keys(), numbers(), numbers(), numbers())
                .as((cache, key, delta, initial, ttl) -> c -> c.increment(IncrementRequest.newBuilder()
                        .setCache(cache).setKey(key).setDelta(delta).setInitial(initial).setTtlMs(ttl).build()));
    }

    private Arbitrary<Consumer<CacheTestClient>> touches() {
        return Combinators.combine(caches(), keys(), numbers()).as((cache, key, ttl) -> c ->
                c.call(CacheServiceGrpcClient.Touch,
                        TouchRequest.newBuilder().setCache(cache).setKey(key).setTtlMs(ttl).build()));
    }

    private Arbitrary<Consumer<CacheTestClient>> batches() {
        Arbitrary<List<ByteString>> keyLists = keys().list().ofMinSize(0).ofMaxSize(60);
        Arbitrary<Consumer<CacheTestClient>> getMany = Combinators.combine(caches(), keyLists).as((cache, keys) ->
                c -> c.call(CacheServiceGrpcClient.GetMany,
                        GetManyRequest.newBuilder().setCache(cache).addAllKeys(keys).build()));
        Arbitrary<Consumer<CacheTestClient>> deleteMany = Combinators.combine(caches(), keyLists).as((cache, keys) ->
                c -> c.call(CacheServiceGrpcClient.DeleteMany,
                        DeleteManyRequest.newBuilder().setCache(cache).addAllKeys(keys).build()));
        Arbitrary<Entry> entries = Combinators.combine(keys(), values())
                .as((key, value) -> Entry.newBuilder().setKey(key).setValue(value).build());
        Arbitrary<Consumer<CacheTestClient>> putMany = Combinators.combine(caches(),
                entries.list().ofMinSize(0).ofMaxSize(60), numbers()).as((cache, list, ttl) ->
                c -> c.putMany(PutManyRequest.newBuilder().setCache(cache).addAllEntries(list).setTtlMs(ttl).build()));
        return Arbitraries.oneOf(getMany, deleteMany, putMany);
    }

    private static Arbitrary<String> caches() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("default"),
                Arbitraries.strings().ofMaxLength(300));
    }

    private static Arbitrary<ByteString> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(12).map(ByteString::copyFromUtf8),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(1100).map(ByteString::copyFrom),
                Arbitraries.of("{tag}a", "{tag}b", "{}", "{", "counter").map(ByteString::copyFromUtf8));
    }

    private static Arbitrary<ByteString> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> ByteString.copyFromUtf8(Long.toString(n))),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2100).map(ByteString::copyFrom));
    }

    private static Arbitrary<Long> numbers() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-3, 3),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L, 1_000L));
    }
}
