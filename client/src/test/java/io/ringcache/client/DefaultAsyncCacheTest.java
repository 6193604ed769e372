package io.ringcache.client;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.ringcache.proto.v1.TouchRequest;
import io.ringcache.proto.v1.TouchResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing, batch splitting and the retry rules, over a transport without a network. */
class DefaultAsyncCacheTest {

    private static final String[] NODES = {"node-0:7070", "node-1:7070", "node-2:7070"};
    private static final long DEADLINE_MS = 2_000;

    private final FakeTransport transport = new FakeTransport();
    private final Router router = new Router(List.of("seed:7070"), transport.nanos::get,
            TimeUnit.SECONDS.toNanos(1));
    private final AsyncCache cache = new DefaultAsyncCache("sessions",
            new Calls(transport, router, new Backoff(20, 500), transport.nanos::get, DEADLINE_MS), DEADLINE_MS);

    private final String a = Topologies.keyOwnedBy(NODES[0], "a", NODES);
    private final String b = Topologies.keyOwnedBy(NODES[1], "b", NODES);
    private final String c = Topologies.keyOwnedBy(NODES[2], "c", NODES);

    DefaultAsyncCacheTest() {
        router.update(ClientTopology.of(Topologies.even(1, NODES)));
    }

    @Test
    void get_goesToTheKeysOwner_naming_theCache() throws Exception {
        transport.answering((address, request) -> GetResponse.newBuilder().setFound(true)
                .setValue(ByteString.copyFromUtf8(address)).setVersion(4).build());

        GetResult result = join(cache.get(b));

        assertThat(transport.sent).singleElement().satisfies(call -> {
            assertThat(call.address()).isEqualTo(NODES[1]);
            assertThat(((GetRequest) call.request()).getCache()).isEqualTo("sessions");
        });
        assertThat(result.valueAsString()).isEqualTo(NODES[1]);
        assertThat(result.version()).isEqualTo(4);
    }

    @Test
    void getMany_touchesEachOwnerOnce_andAnswersInRequestOrder() throws Exception {
        transport.answering((address, request) -> {
            GetManyResponse.Builder response = GetManyResponse.newBuilder();
            for (ByteString key : ((GetManyRequest) request).getKeysList()) {
                response.addResults(GetResponse.newBuilder().setFound(true).setValue(key).setVersion(1));
            }
            return response.build();
        });

        List<GetResult> results = join(cache.getMany(c, a, b, a, c, c));

        assertThat(transport.sent("GetMany")).extracting(FakeTransport.Sent::address)
                .containsExactlyInAnyOrder(NODES);
        assertThat(results).extracting(GetResult::valueAsString).containsExactly(c, a, b, a, c, c);
    }

    @Test
    void putMany_splitsByOwner_andReturnsVersionsInRequestOrder() throws Exception {
        transport.answering((address, request) -> {
            PutManyResponse.Builder response = PutManyResponse.newBuilder();
            ((PutManyRequest) request).getEntriesList().forEach(entry -> response.addVersions(
                    Long.parseLong(entry.getValue().toStringUtf8())));
            return response.build();
        });
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(b, "1");
        entries.put(a, "2");
        entries.put(c, "3");

        List<Long> versions = join(cache.putMany(entries, Duration.ofSeconds(9)));

        assertThat(versions).containsExactly(1L, 2L, 3L);
        assertThat(transport.sent("PutMany")).hasSize(3)
                .allSatisfy(call -> assertThat(((PutManyRequest) call.request()).getTtlMs()).isEqualTo(9_000));
    }

    @Test
    void deleteMany_addsUpEveryOwnersCount() throws Exception {
        transport.answering((address, request) -> DeleteManyResponse.newBuilder()
                .setDeleted(((DeleteManyRequest) request).getKeysCount()).build());

        assertThat(join(cache.deleteMany(a, b, c, a + "x"))).isEqualTo(4);
        assertThat(transport.sent("DeleteMany")).hasSizeBetween(3, 4);
    }

    @Test
    void emptyBatches_sendNothing() throws Exception {
        assertThat(join(cache.getMany())).isEmpty();
        assertThat(join(cache.deleteMany())).isZero();
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void aRead_failingOver_isRetried_onTheNewOwner_whenTheTopologyMoves() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        transport.answering((address, request) -> {
            if (calls.incrementAndGet() == 1) {
                // node-1 went away; the next topology no longer lists it
                router.update(ClientTopology.of(Topologies.even(2, NODES[0], NODES[2])));
                throw FakeTransport.unavailable();
            }
            return GetResponse.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8(address)).build();
        });

        GetResult result = join(cache.get(b));

        assertThat(transport.sent).extracting(FakeTransport.Sent::address)
                .containsExactly(NODES[1], Topologies.ownerIn(b, NODES[0], NODES[2]));
        assertThat(result.found()).isTrue();
    }

    @Test
    void anUnreachableOwner_isAvoided_itsKeysGoToAnotherMember() throws Exception {
        transport.answering((address, request) -> {
            if (address.equals(NODES[1])) {
                throw FakeTransport.unavailable();
            }
            return GetResponse.getDefaultInstance();
        });

        join(cache.get(b));
        join(cache.get(b));

        assertThat(transport.sent).extracting(FakeTransport.Sent::address)
                .containsExactly(NODES[1], transport.sent.get(1).address(), transport.sent.get(1).address())
                .doesNotContainSequence(NODES[1], NODES[1]);
    }

    @Test
    void retries_stopAtTheDeadline() {
        transport.answering((address, request) -> {
            throw FakeTransport.unavailable();
        });

        assertThatThrownBy(() -> join(cache.get(a))).isInstanceOf(RingcacheException.class)
                .extracting(error -> ((RingcacheException) error).code()).isEqualTo(RingcacheException.UNAVAILABLE);
        assertThat(transport.sent.size()).isGreaterThan(3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(transport.nanos.get())).isLessThanOrEqualTo(DEADLINE_MS);
    }

    @Test
    void conditionalWrites_andIncrements_areRetried_unconditionalOnesAreNot_onceSent() {
        AtomicBoolean failNext = new AtomicBoolean();
        transport.answering((address, request) -> {
            if (failNext.getAndSet(false)) {
                throw FakeTransport.unavailable();
            }
            return request instanceof PutRequest ? PutResponse.newBuilder().setApplied(true).setVersion(2).build()
                    : request instanceof DeleteRequest ? DeleteResponse.newBuilder().setDeleted(true).build()
                    : request instanceof IncrementRequest ? IncrementResponse.getDefaultInstance()
                    : TouchResponse.getDefaultInstance();
        });

        List<String> outcomes = new ArrayList<>();
        failNext.set(true);
        outcomes.add(outcome(cache.put(a, "v", PutOptions.ifAbsent())));
        failNext.set(true);
        outcomes.add(outcome(cache.put(a, "v", PutOptions.ifVersion(1).ttl(Duration.ofSeconds(1)))));
        failNext.set(true);
        outcomes.add(outcome(cache.delete(a.getBytes(), 1)));
        failNext.set(true);
        outcomes.add(outcome(cache.put(a, "v")));
        failNext.set(true);
        outcomes.add(outcome(cache.put(a, "v", PutOptions.ifPresent())));
        failNext.set(true);
        outcomes.add(outcome(cache.delete(a)));
        failNext.set(true);
        outcomes.add(outcome(cache.increment(a, 1)));
        failNext.set(true);
        outcomes.add(outcome(cache.touch(a, Duration.ofSeconds(1))));

        assertThat(outcomes).containsExactly("ok", "ok", "ok",
                "UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE", "ok", "UNAVAILABLE");
    }

    @Test
    void aFailureThatIsNotTransient_isNeverRetried() {
        transport.answering((address, request) -> {
            throw new RingcacheException(3, "INVALID_ARGUMENT", "key too long", false, null);
        });

        assertThat(outcome(cache.get(a))).isEqualTo("INVALID_ARGUMENT");
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void aFailedPart_failsTheWholeBatch() {
        transport.answering((address, request) -> {
            if (address.equals(NODES[2])) {
                throw new RingcacheException(8, "RESOURCE_EXHAUSTED", "full", false, null);
            }
            return DeleteManyResponse.newBuilder().setDeleted(1).build();
        });

        assertThat(outcome(cache.deleteMany(a, b, c))).isEqualTo("RESOURCE_EXHAUSTED");
    }

    private static String outcome(CompletionStage<?> stage) {
        try {
            join(stage);
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
