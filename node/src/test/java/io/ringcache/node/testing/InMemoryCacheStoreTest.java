package io.ringcache.node.testing;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.CacheStoreContract;
import io.ringcache.node.cache.Counter;
import io.ringcache.node.cache.Readiness;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.config.NodeConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the in-memory store, with time moved by hand; and what only it can show. */
class InMemoryCacheStoreTest extends CacheStoreContract {

    private static final NodeConfig CONFIG = TestNodes.config(contractFlags());

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private InMemoryCacheStore memory;
    private CacheStore store;

    @BeforeEach
    void newStore() {
        memory = new InMemoryCacheStore(CONFIG.caches().values(), clock);
        store = TestStores.admitted(memory, CONFIG);
    }

    @Override
    protected CacheStore store() {
        return store;
    }

    @Override
    protected void afterTimePasses(Duration elapsed, Callable<Boolean> condition) {
        clock.advance(elapsed);
        try {
            assertThat(condition.call()).as("after %s", elapsed).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ttl_countsDownWithTheClock_andExpiresOnItsLastMillisecond() {
        put("k", "v", 1000, WriteCondition.ALWAYS, 0);

        clock.advance(Duration.ofMillis(400));
        assertThat(get("k").ttlRemainingMs()).isEqualTo(600);
        clock.advance(Duration.ofMillis(599));
        assertThat(get("k").ttlRemainingMs()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(get("k").found()).isFalse();
    }

    @Test
    void increment_withoutTtl_keepsTheExactExpiry() {
        increment("k", 1, 0, 10_000);
        clock.advance(Duration.ofSeconds(4));

        increment("k", 1, 0, 0);

        assertThat(get("k").ttlRemainingMs()).isEqualTo(6_000);
    }

    @Test
    void aNodeThatIsNotReady_refusesEveryOperationUnavailable() {
        Readiness draining = new Readiness() {
            @Override
            public boolean isReady() {
                return false;
            }

            @Override
            public String reason() {
                return "shutting down";
            }
        };
        CacheStore refusing = TestStores.admitted(memory, CONFIG, draining);

        assertFails(refusing.get("", key("k")), CacheError.UNAVAILABLE, "node not ready: shutting down");
        assertFails(refusing.put("nope", key(""), bytes("v"), -1, WriteCondition.ALWAYS, 0), CacheError.UNAVAILABLE,
                "node not ready");
        assertFails(refusing.deleteMany("", keys("a", "b")), CacheError.UNAVAILABLE, "node not ready");
        assertFails(refusing.size(""), CacheError.UNAVAILABLE, "node not ready");
        assertFails(refusing.clear(""), CacheError.UNAVAILABLE, "node not ready");
        assertFails(refusing.scan("nope", -1, 0), CacheError.UNAVAILABLE, "node not ready");
    }

    @Test
    void concurrentIncrements_loseNoUpdate() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = IntStream.range(0, threads).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    result(store.increment("", key("counter"), 1, 0, 0));
                    result(store.put("", key("k-" + t + "-" + i), bytes("v"), 0, WriteCondition.ALWAYS, 0));
                }
            })).toList();
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Counter last = increment("counter", 0, 0, 0);
        assertThat(last.value()).isEqualTo(threads * perThread);
        assertThat(last.version()).isEqualTo(threads * perThread + 1);
        assertThat(store.describeCaches().stream().filter(info -> info.settings().name().equals("default"))
                .findFirst().orElseThrow().ownedEntries()).isEqualTo(threads * perThread + 1);
    }
}
