package io.ringcache.node.grpc;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The v1 API's contract through a real gRPC client and socket, on the gRPC endpoint over an
 * in-memory store (the store's own contract is {@link io.ringcache.node.cache.CacheStoreContract}).
 */
class CacheServiceTest {

    private static final int VALUE_LIMIT = 4096;

    private static AdapterServers node;
    private static CacheTestClient client;

    private String key;

    @BeforeAll
    static void startNode() {
        node = AdapterServers.start("--max-value-bytes=" + VALUE_LIMIT, "--max-key-bytes=256");
        client = new CacheTestClient(node.grpcPort());
    }

    @AfterAll
    static void stopNode() {
        client.close();
        Awaits.result(node.stop());
    }

    @org.junit.jupiter.api.BeforeEach
    void uniqueKey(TestInfo test) {
        key = test.getDisplayName() + "-" + System.nanoTime();
    }

    @Test
    void get_missingKey_isNotFoundWithoutError() {
        GetResponse response = client.get(key);

        assertThat(response.getFound()).isFalse();
        assertThat(response.getVersion()).isZero();
        assertThat(response.getValue().isEmpty()).isTrue();
    }

    @Test
    void put_thenGet_returnsValueAndVersionOne() {
        PutResponse put = client.put(key, "hello");
        GetResponse get = client.get(key);

        assertThat(put.getApplied()).isTrue();
        assertThat(put.getVersion()).isEqualTo(1);
        assertThat(get.getFound()).isTrue();
        assertThat(get.getValue().toStringUtf8()).isEqualTo("hello");
        assertThat(get.getVersion()).isEqualTo(1);
        assertThat(get.getTtlRemainingMs()).isZero();
    }

    @Test
    void put_everyWrite_bumpsVersionByOne() {
        client.put(key, "a");
        client.put(key, "b");
        PutResponse third = client.put(key, "c");

        assertThat(third.getVersion()).isEqualTo(3);
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo("c");
    }

    @Test
    void put_emptyCacheName_isTheDefaultCache() {
        client.put(PutRequest.newBuilder().setCache("default").setKey(bytes(key)).setValue(bytes("v")).build());

        assertThat(client.get(GetRequest.newBuilder().setCache("").setKey(bytes(key)).build()).getFound()).isTrue();
    }

    @Test
    void put_ifAbsent_appliesOnlyOnce() {
        PutResponse first = client.put(conditional(PutRequest.Condition.IF_ABSENT, 0, "first"));
        PutResponse second = client.put(conditional(PutRequest.Condition.IF_ABSENT, 0, "second"));

        assertThat(first.getApplied()).isTrue();
        assertThat(second.getApplied()).isFalse();
        assertThat(second.getVersion()).isEqualTo(1);
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo("first");
    }

    @Test
    void put_ifPresent_appliesOnlyToExistingKey() {
        PutResponse missing = client.put(conditional(PutRequest.Condition.IF_PRESENT, 0, "x"));
        client.put(key, "v1");
        PutResponse present = client.put(conditional(PutRequest.Condition.IF_PRESENT, 0, "v2"));

        assertThat(missing.getApplied()).isFalse();
        assertThat(missing.getVersion()).isZero();
        assertThat(present.getApplied()).isTrue();
        assertThat(present.getVersion()).isEqualTo(2);
    }

    @Test
    void put_ifVersion_isCompareAndSet() {
        client.put(key, "v1");

        PutResponse stale = client.put(conditional(PutRequest.Condition.IF_VERSION, 7, "nope"));
        PutResponse current = client.put(conditional(PutRequest.Condition.IF_VERSION, 1, "v2"));
        PutResponse replayed = client.put(conditional(PutRequest.Condition.IF_VERSION, 1, "v3"));

        assertThat(stale.getApplied()).isFalse();
        assertThat(stale.getVersion()).isEqualTo(1);
        assertThat(current.getApplied()).isTrue();
        assertThat(current.getVersion()).isEqualTo(2);
        assertThat(replayed.getApplied()).isFalse();
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo("v2");
    }

    @Test
    void delete_existing_removesIt() {
        client.put(key, "v");

        assertThat(client.delete(key).getDeleted()).isTrue();
        assertThat(client.get(key).getFound()).isFalse();
        assertThat(client.delete(key).getDeleted()).isFalse();
    }

    @Test
    void delete_withExpectedVersion_removesOnlyThatVersion() {
        client.put(key, "v1");
        client.put(key, "v2");

        boolean wrong = client.delete(DeleteRequest.newBuilder().setKey(bytes(key)).setExpectedVersion(1).build())
                .getDeleted();
        boolean right = client.delete(DeleteRequest.newBuilder().setKey(bytes(key)).setExpectedVersion(2).build())
                .getDeleted();

        assertThat(wrong).isFalse();
        assertThat(right).isTrue();
        assertThat(client.get(key).getFound()).isFalse();
    }

    @Test
    void put_withTtl_reportsRemainingTimeThenExpires() {
        client.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("v")).setTtlMs(1500).build());

        GetResponse fresh = client.get(key);
        assertThat(fresh.getFound()).isTrue();
        assertThat(fresh.getTtlRemainingMs()).isBetween(1L, 1500L);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.get(key).getFound());
    }

    @Test
    void put_afterExpiry_startsAgainAtVersionOne() {
        client.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("v")).setTtlMs(200).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.get(key).getFound());

        assertThat(client.put(conditional(PutRequest.Condition.IF_ABSENT, 0, "again")).getVersion()).isEqualTo(1);
    }

    @Test
    void badRequests_getPreciseStatusesAndTheNodeKeepsServing() {
        assertStatus(() -> client.get(""), GrpcStatus.INVALID_ARGUMENT, "key must not be empty");
        assertStatus(() -> client.put("", "v"), GrpcStatus.INVALID_ARGUMENT, "key must not be empty");
        assertStatus(() -> client.delete(""), GrpcStatus.INVALID_ARGUMENT, "key must not be empty");
        assertStatus(() -> client.get("k".repeat(257)), GrpcStatus.INVALID_ARGUMENT, "limit is 256");
        assertStatus(() -> client.put(key, "v".repeat(VALUE_LIMIT + 1)), GrpcStatus.INVALID_ARGUMENT,
                "limit is " + VALUE_LIMIT);
        assertStatus(() -> client.put(PutRequest.newBuilder().setKey(bytes(key)).setTtlMs(-1).build()),
                GrpcStatus.INVALID_ARGUMENT, "negative");
        assertStatus(() -> client.put(conditional(PutRequest.Condition.IF_VERSION, 0, "v")),
                GrpcStatus.INVALID_ARGUMENT, "expected version");
        assertStatus(() -> client.delete(DeleteRequest.newBuilder().setKey(bytes(key)).setExpectedVersion(-2).build()),
                GrpcStatus.INVALID_ARGUMENT, "negative");
        assertStatus(() -> client.get(GetRequest.newBuilder().setCache("nope").setKey(bytes(key)).build()),
                GrpcStatus.NOT_FOUND, "no cache named 'nope'");

        assertThat(client.put(key, "still serving").getApplied()).isTrue();
    }

    @Test
    void put_valueAtTheLimit_isAccepted() {
        assertThat(client.put(key, "v".repeat(VALUE_LIMIT)).getApplied()).isTrue();
        assertThat(client.get(key).getValue().size()).isEqualTo(VALUE_LIMIT);
    }

    @Test
    void increment_missingKey_startsFromInitialAndStoresDecimalText() {
        IncrementResponse first = client.increment(key, 1);
        IncrementResponse second = client.increment(key, 41);
        IncrementResponse fromInitial = client.increment(IncrementRequest.newBuilder()
                .setKey(bytes(key + "-b")).setDelta(5).setInitial(100).build());

        assertThat(first.getValue()).isEqualTo(1);
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(second.getValue()).isEqualTo(42);
        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo("42");
        assertThat(fromInitial.getValue()).isEqualTo(105);
    }

    @Test
    void increment_ofADecimalValueWrittenByPut_works_andOfTextFailsPrecondition() {
        client.put(key, "-10");
        assertThat(client.increment(key, 3).getValue()).isEqualTo(-7);

        client.put(key, "ten");
        assertStatus(() -> client.increment(key, 1), GrpcStatus.FAILED_PRECONDITION, "not a decimal int64");
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo("ten");
    }

    @Test
    void increment_overflow_failsPreconditionAndKeepsTheValue() {
        client.put(key, Long.toString(Long.MAX_VALUE));

        assertStatus(() -> client.increment(key, 1), GrpcStatus.FAILED_PRECONDITION, "overflow");
        assertThat(client.get(key).getValue().toStringUtf8()).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void increment_withTtl_setsIt_andWithoutTtl_keepsIt() {
        client.increment(IncrementRequest.newBuilder().setKey(bytes(key)).setDelta(1).setTtlMs(60_000).build());
        client.increment(key, 1);

        GetResponse read = client.get(key);
        assertThat(read.getValue().toStringUtf8()).isEqualTo("2");
        assertThat(read.getTtlRemainingMs()).isBetween(1L, 60_000L);
    }

    @Test
    void touch_setsAndClearsTtl_keepsVersion_andDoesNotCreateKeys() {
        client.put(key, "v");

        assertThat(client.touch(key, 60_000).getFound()).isTrue();
        GetResponse touched = client.get(key);
        assertThat(touched.getTtlRemainingMs()).isBetween(1L, 60_000L);
        assertThat(touched.getVersion()).isEqualTo(1);

        assertThat(client.touch(key, 0).getFound()).isTrue();
        assertThat(client.get(key).getTtlRemainingMs()).isZero();

        assertThat(client.touch(key + "-missing", 1000).getFound()).isFalse();
        assertThat(client.get(key + "-missing").getFound()).isFalse();
        assertStatus(() -> client.touch(key, -1), GrpcStatus.INVALID_ARGUMENT, "negative");
    }

    @Test
    void touch_shortTtl_expiresTheKey() {
        client.put(key, "v");
        client.touch(key, 200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.get(key).getFound());
    }

    private PutRequest conditional(PutRequest.Condition condition, long expectedVersion, String value) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))
                .setCondition(condition).setExpectedVersion(expectedVersion).build();
    }

    private static void assertStatus(Runnable call, GrpcStatus status, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(GrpcCallException.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(messagePart);
    }
}
