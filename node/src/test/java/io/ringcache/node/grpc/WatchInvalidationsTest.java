package io.ringcache.node.grpc;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.routing.Slots;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.Invalidation;
import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;
import io.ringcache.proto.v1.PartitionReset;
import io.ringcache.proto.v1.PartitionWatch;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WatchInvalidations on a single real node: one client watches a key's partition, another
 * writes; every applied write arrives once, numbered one more than the last, and the server's
 * drop hook shows up as a gap.
 */
class WatchInvalidationsTest {

    private static RingcacheNode node;
    private static CacheTestClient writer;
    private static CacheTestClient watcher;

    private final BlockingQueue<InvalidationEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<GrpcStatus> ended = new CompletableFuture<>();
    private Runnable cancel = () -> { };
    private String key;

    @BeforeAll
    static void startNode() {
        node = TestNodes.startSingleNode();
        writer = new CacheTestClient(node.grpcPort());
        watcher = new CacheTestClient(node.grpcPort());
    }

    @AfterAll
    static void stopNode() {
        writer.close();
        watcher.close();
        Awaits.result(node.stop());
    }

    @AfterEach
    void cancelWatch() {
        cancel.run();
    }

    private void uniqueKey(TestInfo test) {
        key = test.getDisplayName() + "-" + System.nanoTime();
    }

    private static int slotOf(String key) {
        return Slots.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    private PartitionWatch watch(String cache, int slot) throws InterruptedException {
        cancel = watcher.stream(CacheServiceGrpcClient.WatchInvalidations,
                InvalidationRequest.newBuilder().setCache(cache).addWatchSlots(slot).build(), events::add, ended);
        InvalidationEvent first = next();
        assertThat(first.getEventCase()).isEqualTo(InvalidationEvent.EventCase.WATCH);
        return first.getWatch();
    }

    private InvalidationEvent next() throws InterruptedException {
        InvalidationEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    private Invalidation nextInvalidation() throws InterruptedException {
        InvalidationEvent event = next();
        assertThat(event.getEventCase()).isEqualTo(InvalidationEvent.EventCase.INVALIDATION);
        return event.getInvalidation();
    }

    @Test
    void watch_answersTheOwnedPartitionWithItsSlotsIdentityAndSequence(TestInfo test) throws Exception {
        uniqueKey(test);
        int slot = slotOf(key);

        PartitionWatch watch = watch("", slot);

        assertThat(watch.getOwned()).isTrue();
        assertThat(watch.getPartitionId()).isNotZero();
        assertThat(watch.getFirstSlot()).isLessThanOrEqualTo(slot);
        assertThat(watch.getLastSlot()).isGreaterThanOrEqualTo(slot);
    }

    @Test
    void writes_arriveInOrder_eachSequenceOneMoreThanTheLast(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));

        writer.put(key, "a");
        writer.put(key, "b");
        writer.increment(key + "{x}", 0); // another slot, maybe another partition: filtered below
        writer.delete(key);
        writer.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("c")).build());
        writer.touch(key, 60_000);

        List<Invalidation> ofKey = new ArrayList<>();
        long expected = watch.getSequence();
        while (ofKey.size() < 5) {
            Invalidation invalidation = nextInvalidation();
            assertThat(invalidation.getPartitionId()).isEqualTo(watch.getPartitionId());
            assertThat(invalidation.getPartition()).isEqualTo(watch.getPartition());
            assertThat(invalidation.getSequence()).as("no gap, no reordering").isEqualTo(++expected);
            if (invalidation.getKey().toStringUtf8().equals(key)) {
                ofKey.add(invalidation);
            }
        }
        assertThat(ofKey).hasSize(5);
    }

    @Test
    void writesThatChangeNothing_sendNothing(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));

        writer.put(key, "a");
        writer.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("b"))
                .setCondition(PutRequest.Condition.IF_ABSENT).build()); // not applied
        writer.delete(key + "-missing{" + key + "}"); // nothing to delete; the hash tag keeps key's slot
        writer.put(key, "c");

        assertThat(nextInvalidation().getSequence()).isEqualTo(watch.getSequence() + 1);
        assertThat(nextInvalidation().getSequence()).isEqualTo(watch.getSequence() + 2);
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void batches_invalidateEachKeyOfTheWatchedPartition(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));

        writer.putMany(PutManyRequest.newBuilder().addEntries(Entry.newBuilder().setKey(bytes(key))
                .setValue(bytes("1"))).build());
        writer.deleteMany(List.of(key));

        assertThat(nextInvalidation().getKey().toStringUtf8()).isEqualTo(key);
        Invalidation deleted = nextInvalidation();
        assertThat(deleted.getKey().toStringUtf8()).isEqualTo(key);
        assertThat(deleted.getSequence()).isEqualTo(watch.getSequence() + 2);
    }

    @Test
    void droppedEvent_showsAsASequenceGap(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));

        writer.put(key, "a");
        node.invalidations().dropNext("default", watch.getPartition());
        writer.put(key, "b");
        writer.put(key, "c");

        assertThat(nextInvalidation().getSequence()).isEqualTo(watch.getSequence() + 1);
        assertThat(nextInvalidation().getSequence()).as("the dropped write's number is skipped")
                .isEqualTo(watch.getSequence() + 3);
    }

    @Test
    void clear_resetsThePartitionUnderANewIdentity(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));
        writer.put(key, "a");
        assertThat(nextInvalidation().getSequence()).isEqualTo(watch.getSequence() + 1);

        Awaits.result(node.store().clear("default"));

        InvalidationEvent event = next();
        assertThat(event.getEventCase()).isEqualTo(InvalidationEvent.EventCase.RESET);
        PartitionReset reset = event.getReset();
        assertThat(reset.getReason()).isEqualTo(PartitionReset.Reason.CLEARED);
        assertThat(reset.getPartitionId()).isNotZero().isNotEqualTo(watch.getPartitionId());
        writer.put(key, "b");
        Invalidation after = nextInvalidation();
        assertThat(after.getPartitionId()).isEqualTo(reset.getPartitionId());
        assertThat(after.getSequence()).isEqualTo(reset.getSequence() + 1);
    }

    @Test
    void stampedGet_carriesTheWatchedIdentityAndTheSequenceOfTheWritesItSees(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));
        writer.put(key, "a");
        writer.put(key, "b");

        GetResponse stamped = writer.get(GetRequest.newBuilder().setKey(bytes(key)).setStamp(true).build());

        assertThat(stamped.getValue().toStringUtf8()).isEqualTo("b");
        assertThat(stamped.getStamp().getPartition()).isEqualTo(watch.getPartition());
        assertThat(stamped.getStamp().getPartitionId()).isEqualTo(watch.getPartitionId());
        assertThat(stamped.getStamp().getSequence()).isEqualTo(watch.getSequence() + 2);
        assertThat(writer.get(key).hasStamp()).as("only when asked").isFalse();
    }

    /**
     * The stamp is taken before the value is read: a read never carries a sequence beyond the
     * writes its value includes (were it taken after, a write could slip in between and a near
     * cache would keep the older value without ever being told).
     */
    @Test
    void stampedGet_underConcurrentWrites_neverStampsAWriteItsValueMisses(TestInfo test) throws Exception {
        uniqueKey(test);
        PartitionWatch watch = watch("", slotOf(key));
        long base = watch.getSequence();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        List<CompletableFuture<GetResponse>> reads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            writes.add(writer.callAsync(CacheServiceGrpcClient.Put,
                    PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("v" + i)).build()));
            reads.add(watcher.callAsync(CacheServiceGrpcClient.Get,
                    GetRequest.newBuilder().setKey(bytes(key)).setStamp(true).build()));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // Only this test writes to the partition now: write n has version n and sequence base + n.
        for (CompletableFuture<GetResponse> read : reads) {
            GetResponse answer = read.get(30, TimeUnit.SECONDS);
            assertThat(answer.getStamp().getPartitionId()).isEqualTo(watch.getPartitionId());
            assertThat(answer.getVersion()).isGreaterThanOrEqualTo(answer.getStamp().getSequence() - base);
        }
    }

    /** Fails if the stream buffered without bound: the reader never reads, the writes go on. */
    @Test
    void readerThatNeverReads_isEndedResourceExhausted() throws Exception {
        Vertx vertx = Vertx.vertx();
        GrpcClient client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            CompletableFuture<GrpcStatus> status = new CompletableFuture<>();
            CompletableFuture<io.vertx.grpc.client.GrpcClientResponse<InvalidationRequest, InvalidationEvent>> watching =
                    new CompletableFuture<>();
            InvalidationRequest.Builder everySlot = InvalidationRequest.newBuilder();
            for (int slot = 0; slot < Slots.COUNT; slot++) {
                everySlot.addWatchSlots(slot);
            }
            vertx.runOnContext(ignored -> client.request(SocketAddress.inetSocketAddress(node.grpcPort(), "127.0.0.1"),
                    CacheServiceGrpcClient.WatchInvalidations).onSuccess(call -> {
                        call.response().onSuccess(response -> {
                            response.pause(); // never reads: HTTP/2 flow control holds the server's writes
                            response.endHandler(end -> status.complete(response.status()));
                            response.exceptionHandler(error -> status.complete(response.status()));
                            watching.complete(response);
                        });
                        call.write(everySlot.build());
                    }));
            var response = watching.get(10, TimeUnit.SECONDS);
            for (int batch = 0; batch < 15; batch++) {
                PutManyRequest.Builder puts = PutManyRequest.newBuilder();
                for (int i = 0; i < 1000; i++) {
                    puts.addEntries(Entry.newBuilder().setKey(bytes("flood-" + batch + "-" + i)).setValue(bytes("x")));
                }
                writer.putMany(puts.build());
            }
            // The status waits behind the unread frames: read them now. A server that had buffered
            // every event would deliver them all and go on streaming (no status: timeout).
            vertx.runOnContext(ignored -> response.resume());
            assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
        } finally {
            Awaits.result(client.close().eventually(vertx::close));
        }
    }

    @Test
    void unknownCache_endsTheStreamNotFound() throws Exception {
        watcher.stream(CacheServiceGrpcClient.WatchInvalidations,
                InvalidationRequest.newBuilder().setCache("no-such-cache").addWatchSlots(0).build(), events::add,
                ended);

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.NOT_FOUND);
    }

    @Test
    void slotOutOfRange_endsTheStreamInvalidArgument() throws Exception {
        watcher.stream(CacheServiceGrpcClient.WatchInvalidations,
                InvalidationRequest.newBuilder().addWatchSlots(Slots.COUNT).build(), events::add, ended);

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    }
}
