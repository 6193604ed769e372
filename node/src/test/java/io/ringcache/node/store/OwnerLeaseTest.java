package io.ringcache.node.store;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.testing.Awaits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ringcache.node.testing.TestNodes.startSingleNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write is checked again where its owner applies it: an owner that no longer hears a majority
 * refuses, with nothing written, even though the request was admitted. In a
 * {@code linearizable-reads} cache the owner must also hear the coordinator, for reads too. The
 * node here runs alone (no split-brain protection, so admission lets everything in) and its
 * lease is switched by hand.
 */
class OwnerLeaseTest {

    private static RingcacheNode node;
    private static final AtomicBoolean held = new AtomicBoolean(true);
    private static final AtomicBoolean hearsCoordinator = new AtomicBoolean(true);

    private static final String LINEARIZABLE = "ledger";

    @BeforeAll
    static void start() throws IOException {
        Path config = Files.createTempFile("owner-lease", ".yaml");
        Files.writeString(config, "caches:\n  " + LINEARIZABLE + ":\n    linearizable-reads: true\n");
        node = startSingleNode("--config=" + config);
        new OwnerLease(held::get, hearsCoordinator::get).install(node.member().hazelcast());
    }

    @AfterAll
    static void stop() {
        Awaits.result(node.stop());
    }

    @Test
    void withoutTheLease_everyKindOfWriteIsRefusedUnapplied_andReadsStillAnswer() {
        CacheStore store = node.store();
        CacheKey key = freshKey();
        Awaits.result(store.put("", key, bytes("before"), 0, WriteCondition.ALWAYS, 0));

        held.set(false);
        try {
            assertRefused(() -> Awaits.result(store.put("", key, bytes("after"), 0, WriteCondition.ALWAYS, 0)));
            assertRefused(() -> Awaits.result(store.delete("", key, 0)));
            assertRefused(() -> Awaits.result(store.increment("", freshKey(), 1, 0, 0)));
            assertRefused(() -> Awaits.result(store.touch("", key, 60_000)));
            assertRefused(() -> Awaits.result(store.putMany("", List.of(key), List.of(bytes("after")), 0)));
            assertRefused(() -> Awaits.result(store.deleteMany("", List.of(key))));
            assertThat(Awaits.result(store.get("", key)).value()).isEqualTo(bytes("before"));
        } finally {
            held.set(true);
        }
        assertThat(Awaits.result(store.get("", key)).version()).as("nothing was applied").isEqualTo(1);
        assertThat(Awaits.result(store.put("", key, bytes("after"), 0, WriteCondition.ALWAYS, 0)).version())
                .isEqualTo(2);
    }

    @Test
    void withoutHearingTheCoordinator_aLinearizableCacheAnswersNothing_andOtherCachesGoOn() {
        CacheStore store = node.store();
        CacheKey key = freshKey();
        Awaits.result(store.put(LINEARIZABLE, key, bytes("before"), 0, WriteCondition.ALWAYS, 0));

        hearsCoordinator.set(false);
        try {
            assertRefused(() -> Awaits.result(store.get(LINEARIZABLE, key)));
            assertRefused(() -> Awaits.result(store.getMany(LINEARIZABLE, List.of(key, freshKey()))));
            assertRefused(() -> Awaits.result(store.put(LINEARIZABLE, key, bytes("after"), 0, WriteCondition.ALWAYS,
                    0)));
            // A write that would change nothing answers the entry's state: a read, refused too.
            assertRefused(() -> Awaits.result(store.put(LINEARIZABLE, key, bytes("after"), 0,
                    WriteCondition.IF_VERSION, 7)));
            assertRefused(() -> Awaits.result(store.delete(LINEARIZABLE, freshKey(), 0)));
            assertRefused(() -> Awaits.result(store.increment(LINEARIZABLE, key, 1, 0, 0)));
            assertRefused(() -> Awaits.result(store.putMany(LINEARIZABLE, List.of(key), List.of(bytes("after")), 0)));
            assertRefused(() -> Awaits.result(store.deleteMany(LINEARIZABLE, List.of(key, freshKey()))));
            CacheKey other = freshKey();
            assertThat(Awaits.result(store.put("", other, bytes("v"), 0, WriteCondition.ALWAYS, 0)).version())
                    .as("the default cache does not ask for the coordinator").isEqualTo(1);
            assertThat(Awaits.result(store.get("", other)).value()).isEqualTo(bytes("v"));
        } finally {
            hearsCoordinator.set(true);
        }
        assertThat(Awaits.result(store.get(LINEARIZABLE, key)).version()).as("nothing was applied").isEqualTo(1);
    }

    private static void assertRefused(Runnable write) {
        assertThatThrownBy(write::run).satisfies(thrown -> {
            Throwable cause = thrown;
            while (cause != null && !(cause instanceof CacheException)) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(CacheException.class).hasMessageStartingWith("node not ready:");
            assertThat(((CacheException) cause).error()).isEqualTo(CacheError.UNAVAILABLE);
        });
    }

    private static CacheKey freshKey() {
        return CacheKey.of(bytes("lease-" + UUID.randomUUID()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
