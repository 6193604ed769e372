package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.DeleteManyRequest;
import io.ringcache.proto.v1.DeleteManyResponse;
import io.ringcache.proto.v1.Entry;
import io.ringcache.proto.v1.GetManyRequest;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutManyRequest;
import io.ringcache.proto.v1.PutManyResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an answer waits for, shown by holding the thread that applies a key's partition on the
 * member with its backup copy (as a cut or a pause of that member would): a batch write is
 * acknowledged only once the backup holds it, and a read of a {@code linearizable-reads} cache
 * answers only what the backup holds. The default cache's read, which does not wait, is the
 * control: it answers a value the backup does not hold yet.
 *
 * <p>Every call goes through the node that is neither the key's owner nor its backup.
 */
class BackupConfirmationClusterTest {

    private static final String LINEARIZABLE = "ledger";
    /** How long a held backup must keep an answer back: well past a round trip, under the 2 s backup timeout. */
    private static final Duration HELD = Duration.ofMillis(600);
    private static final Duration ANSWERED = Duration.ofSeconds(10);

    private static InJvmCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        Path config = Files.createDirectories(Path.of("target")).resolve("backup-confirmation.yaml");
        Files.writeString(config, "caches:\n  " + LINEARIZABLE + ":\n    linearizable-reads: true\n");
        cluster = InJvmCluster.start(3, "--config=" + config.toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /**
     * One key of a partition (one operation, whose backups Hazelcast waits for) and three keys of
     * one partition (one multi-key operation, whose backups Hazelcast does not wait for): hash
     * tags put the three in one slot.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"batch-written", "{batch}-a,{batch}-b,{batch}-c"})
    void putMany_andDeleteMany_areAcknowledgedOnlyOnceTheBackupHoldsThem(String keyList) throws Exception {
        List<String> keys = List.of(keyList.split(","));
        String key = keys.get(0);
        PutManyRequest.Builder entries = PutManyRequest.newBuilder();
        keys.forEach(k -> entries.addEntries(Entry.newBuilder().setKey(bytes(k)).setValue(bytes("v"))));
        CompletableFuture<PutManyResponse> put;
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            put = via(key).callAsync(CacheServiceGrpcClient.PutMany, entries.build());
            assertUnansweredWhileHeld(put, "a PutMany whose backup is held");
        }
        assertThat(answer(put).getVersionsList()).hasSize(keys.size()).containsOnly(1L);

        CompletableFuture<DeleteManyResponse> delete;
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            delete = via(key).callAsync(CacheServiceGrpcClient.DeleteMany,
                    DeleteManyRequest.newBuilder().addAllKeys(keys.stream().map(CacheTestClient::bytes).toList()).build());
            assertUnansweredWhileHeld(delete, "a DeleteMany whose backup is held");
        }
        assertThat(answer(delete).getDeleted()).isEqualTo(keys.size());
    }

    @Test
    void linearizableReadsCache_answersAReadOnlyOnceTheBackupHoldsTheValue() throws Exception {
        String key = "read-confirmed";
        CompletableFuture<PutResponse> put;
        CompletableFuture<GetResponse> get;
        CompletableFuture<GetManyResponse> getMany;
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            put = via(key).callAsync(CacheServiceGrpcClient.Put, PutRequest.newBuilder().setCache(LINEARIZABLE)
                    .setKey(bytes(key)).setValue(bytes("unconfirmed")).build());
            await("the owner applied the write").atMost(ANSWERED).until(() -> cluster.hazelcast(cluster.ownerOf(key))
                    .getMap("ringcache." + LINEARIZABLE).getLocalMapStats().getOwnedEntryCount() == 1);
            get = via(key).callAsync(CacheServiceGrpcClient.Get,
                    GetRequest.newBuilder().setCache(LINEARIZABLE).setKey(bytes(key)).build());
            getMany = via(key).callAsync(CacheServiceGrpcClient.GetMany,
                    GetManyRequest.newBuilder().setCache(LINEARIZABLE).addKeys(bytes(key)).build());
            assertUnansweredWhileHeld(get, "a Get of a value the backup does not hold");
            assertUnansweredWhileHeld(getMany, "a GetMany of a value the backup does not hold");
        }
        assertThat(answer(put).getVersion()).isEqualTo(1);
        assertThat(answer(get).getValue().toStringUtf8()).isEqualTo("unconfirmed");
        assertThat(answer(getMany).getResults(0).getValue().toStringUtf8()).isEqualTo("unconfirmed");
    }

    @Test
    void linearizableReadsCache_answersAConditionNotMetOnlyOnceTheBackupHoldsWhatItReports() throws Exception {
        String key = "condition-confirmed";
        via(key).put(PutRequest.newBuilder().setCache(LINEARIZABLE).setKey(bytes(key)).setValue(bytes("v1")).build());
        CompletableFuture<PutResponse> notMet;
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            notMet = via(key).callAsync(CacheServiceGrpcClient.Put, wrongVersion(LINEARIZABLE, key));
            assertUnansweredWhileHeld(notMet, "a put-if-version whose condition is not met");
        }
        assertThat(answer(notMet).getApplied()).isFalse();
        assertThat(answer(notMet).getVersion()).isEqualTo(1);
    }

    @Test
    void defaultCache_answersAConditionNotMetAtOnce_theControl() throws Exception {
        String key = "condition-unconfirmed";
        via(key).put(key, "v1");
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            PutResponse notMet = answer(via(key).callAsync(CacheServiceGrpcClient.Put, wrongVersion("", key)));

            assertThat(notMet.getApplied()).isFalse();
        }
    }

    @Test
    void defaultCache_answersAValueTheBackupDoesNotHoldYet_theControl() throws Exception {
        String key = "read-unconfirmed";
        try (PartitionThreadHold hold = holdBackupOf(key)) {
            CompletableFuture<PutResponse> put = via(key).callAsync(CacheServiceGrpcClient.Put,
                    PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("unconfirmed")).build());

            GetResponse read = await("a read that finds the value").atMost(ANSWERED)
                    .until(() -> via(key).get(key), GetResponse::getFound);

            assertThat(read.getValue().toStringUtf8()).isEqualTo("unconfirmed");
            assertThat(put).as("the write is not acknowledged yet: its backup is held").isNotDone();
        }
    }

    private static PutRequest wrongVersion(String cache, String key) {
        return PutRequest.newBuilder().setCache(cache).setKey(bytes(key)).setValue(bytes("v2"))
                .setCondition(PutRequest.Condition.IF_VERSION).setExpectedVersion(99).build();
    }

    private static PartitionThreadHold holdBackupOf(String key) throws InterruptedException {
        return PartitionThreadHold.on(cluster.hazelcast(cluster.backupOf(key)), cluster.partitionOf(key));
    }

    /** The node that is neither the key's owner nor its backup: its calls reach both over the network. */
    private static CacheTestClient via(String key) {
        return cluster.client(3 - cluster.ownerOf(key) - cluster.backupOf(key));
    }

    private static void assertUnansweredWhileHeld(CompletableFuture<?> call, String what) {
        await(what + " stays unanswered while the backup is held").during(HELD).atMost(HELD.multipliedBy(2))
                .until(() -> !call.isDone());
    }

    private static <T> T answer(CompletableFuture<T> call) throws Exception {
        return call.get(ANSWERED.toMillis(), TimeUnit.MILLISECONDS);
    }
}
