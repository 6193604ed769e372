package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import io.ringcache.node.testing.Awaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ringcache.node.testing.TestNodes.startSingleNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deleted key leaves a tombstone: Hazelcast keeps a record for it (so a heal's put-if-absent
 * merge finds the key present and does not bring back the smaller side's copy), while every
 * read, write condition, count and scan sees the key as absent. Tombstones expire after
 * {@code deleted-key-retention}, and are not kept where they would do harm or no good.
 * That the heal then leaves the delete standing is shown on real processes by
 * {@code DeletesSurviveHealIT} in cluster-tests.
 */
class TombstonesTest {

    private final List<RingcacheNode> nodes = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void stopNodes() {
        nodes.forEach(node -> Awaits.result(node.stop()));
    }

    @Test
    void deletedKey_keepsARecord_yetReadsWritesCountsAndScansSeeItAbsent() {
        CacheStore store = start("--deleted-key-retention=5m");
        CacheKey key = freshKey();
        Awaits.result(store.put("", key, bytes("v"), 0, WriteCondition.ALWAYS, 0));
        Awaits.result(store.put("", key, bytes("w"), 0, WriteCondition.ALWAYS, 0));

        assertThat(Awaits.result(store.delete("", key, 0))).isTrue();

        assertThat(records(store)).as("the tombstone's record").isEqualTo(1);
        assertThat(Awaits.result(store.get("", key)).found()).isFalse();
        assertThat(Awaits.result(store.size(""))).isZero();
        assertThat(Awaits.result(store.scan("", 0, 100)).keys()).isEmpty();
        assertThat(Awaits.result(store.delete("", key, 0))).as("deleting it again deletes nothing").isFalse();
        assertThat(Awaits.result(store.touch("", key, 60_000))).isFalse();
        assertThat(Awaits.result(store.put("", key, bytes("x"), 0, WriteCondition.IF_PRESENT, 0)).applied()).isFalse();
        assertThat(Awaits.result(store.put("", key, bytes("x"), 0, WriteCondition.IF_VERSION, 2)).applied()).isFalse();
        WriteResult again = Awaits.result(store.put("", key, bytes("x"), 0, WriteCondition.IF_ABSENT, 0));
        assertThat(again).as("created anew, at version 1, as after any delete").isEqualTo(new WriteResult(true, 1));
        assertThat(Awaits.result(store.get("", key)).value()).isEqualTo(bytes("x"));
    }

    @Test
    void counterOnATombstone_startsFromItsInitialValue() {
        CacheStore store = start("--deleted-key-retention=5m");
        CacheKey key = freshKey();
        Awaits.result(store.increment("", key, 5, 0, 0));
        Awaits.result(store.delete("", key, 0));

        Counter counter = Awaits.result(store.increment("", key, 1, 0, 0));

        assertThat(counter.value()).isEqualTo(1);
        assertThat(counter.version()).isEqualTo(1);
    }

    @Test
    void batchDelete_leavesTombstonesToo_andCountsOnlyLiveKeys() {
        CacheStore store = start("--deleted-key-retention=5m");
        List<CacheKey> keys = List.of(freshKey(), freshKey(), freshKey());
        Awaits.result(store.putMany("", keys.subList(0, 2), List.of(bytes("a"), bytes("b")), 0));

        assertThat(Awaits.result(store.deleteMany("", keys))).isEqualTo(2);
        assertThat(records(store)).as("two tombstones; the key never written has none").isEqualTo(2);
        assertThat(Awaits.result(store.deleteMany("", keys))).isZero();
        assertThat(Awaits.result(store.getMany("", keys))).noneMatch(lookup -> lookup.found());
    }

    @Test
    void tombstones_expireAfterTheRetention() {
        CacheStore store = start("--deleted-key-retention=2s");
        CacheKey key = freshKey();
        Awaits.result(store.put("", key, bytes("v"), 0, WriteCondition.ALWAYS, 0));
        Awaits.result(store.delete("", key, 0));
        assertThat(records(store)).isEqualTo(1);

        // Hazelcast drops expired records when read or when its expiry task samples them.
        await("the tombstone expired").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> records(store) == 0);
    }

    @Test
    void noTombstones_whenRetentionIsZero_withDiscardMerges_orInCachesCappedByEntries() throws IOException {
        Path config = directory.resolve("caches.yaml");
        Files.writeString(config, """
                caches:
                  capped:
                    max-entries-per-node: 1000
                    eviction: lru
                """);
        CacheStore store = start("--config=" + config);
        assertThat(recordsAfterPutAndDelete(store, "")).as("the default keeps a tombstone").isEqualTo(1);
        assertThat(recordsAfterPutAndDelete(store, "capped")).as("capped by entries: none").isZero();

        assertThat(recordsAfterPutAndDelete(start("--deleted-key-retention=0s"), "")).isZero();
        assertThat(recordsAfterPutAndDelete(start("--merge-policy=discard"), "")).isZero();
    }

    private CacheStore start(String... flags) {
        RingcacheNode node = startSingleNode(flags);
        nodes.add(node);
        return node.store();
    }

    private static long recordsAfterPutAndDelete(CacheStore store, String cache) {
        CacheKey key = freshKey();
        Awaits.result(store.put(cache, key, bytes("v"), 0, WriteCondition.ALWAYS, 0));
        assertThat(Awaits.result(store.delete(cache, key, 0))).isTrue();
        return records(store, cache.isEmpty() ? "default" : cache);
    }

    private static long records(CacheStore store) {
        return records(store, "default");
    }

    /** Records the node holds for a cache, live or not: Hazelcast's own entry count. */
    private static long records(CacheStore store, String cache) {
        return store.describeCaches().stream().filter(info -> info.settings().name().equals(cache))
                .mapToLong(CacheInfo::ownedEntries).sum();
    }

    private static CacheKey freshKey() {
        return CacheKey.of(bytes("tombstone-" + UUID.randomUUID()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
