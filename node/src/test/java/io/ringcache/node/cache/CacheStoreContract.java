package io.ringcache.node.cache;

import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The {@link CacheStore} contract, written once and run against every implementation (as
 * Caffeine runs one suite over every cache variant): a subclass supplies an admitted store
 * ({@link AdmittingCacheStore} over the store under test) built from {@link #contractFlags()},
 * and a way to let time pass. Keys are unique per test, so one store may serve every test of
 * a class.
 */
public abstract class CacheStoreContract {

    protected static final int MAX_KEY_BYTES = 256;
    protected static final int MAX_VALUE_BYTES = 4096;
    protected static final int MAX_BATCH_KEYS = 50;
    /** A cache whose default TTL is {@link #SHORT_DEFAULT_TTL}. */
    protected static final String SHORT_TTL_CACHE = "short";
    protected static final Duration SHORT_DEFAULT_TTL = Duration.ofMillis(1500);
    /**
     * A cache only the whole-cache tests use (they clear it first): the keys other tests leave
     * in the other caches would change its size.
     */
    protected static final String WHOLE_CACHE = "whole";
    /** Long enough that a key written with it is still there when read right after (on real time). */
    private static final long FRESH_TTL_MS = 1500;
    /** For keys a test only wants to see expire. */
    private static final long EXPIRING_TTL_MS = 200;

    private static Path configFile;

    private String key;

    /** The store under test, admitted as a node admits requests; built from {@link #contractFlags()}. */
    protected abstract CacheStore store();

    /**
     * Lets at least {@code elapsed} pass on the store's clock, then expects {@code condition}
     * to hold (a store on real time waits for it, within a bound).
     */
    protected abstract void afterTimePasses(Duration elapsed, Callable<Boolean> condition);

    /**
     * The node settings every store under test is built with: the limits above, and the
     * caches {@code default}, {@link #SHORT_TTL_CACHE} and {@link #WHOLE_CACHE} (from a config file).
     */
    public static synchronized List<String> contractFlags() {
        if (configFile == null) {
            try {
                configFile = Files.createTempFile("ringcache-contract-", ".yaml");
                Files.writeString(configFile, "caches:\n  " + SHORT_TTL_CACHE + ":\n    default-ttl: "
                        + SHORT_DEFAULT_TTL.toMillis() + "ms\n  " + WHOLE_CACHE + ": {}\n");
                configFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.of("--max-key-bytes=" + MAX_KEY_BYTES, "--max-value-bytes=" + MAX_VALUE_BYTES,
                "--max-batch-keys=" + MAX_BATCH_KEYS, "--config=" + configFile);
    }

    @BeforeEach
    void uniqueKey(TestInfo test) {
        key = test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    }

    // ---- get, put, versions ----

    @Test
    void get_missingKey_isAMiss() {
        Lookup lookup = get(key);

        assertThat(lookup.found()).isFalse();
        assertThat(lookup.value()).isNull();
        assertThat(lookup.version()).isZero();
        assertThat(lookup.ttlRemainingMs()).isZero();
        assertThat(lookup.possiblyLost()).isFalse();
    }

    @Test
    void put_thenGet_returnsValueAndVersionOne_withoutTtl() {
        WriteResult put = put(key, "hello");
        Lookup get = get(key);

        assertThat(put).isEqualTo(new WriteResult(true, 1));
        assertThat(text(get)).isEqualTo("hello");
        assertThat(get.version()).isEqualTo(1);
        assertThat(get.ttlRemainingMs()).isZero();
    }

    @Test
    void put_everyWrite_bumpsVersionByOne() {
        put(key, "a");
        put(key, "b");

        assertThat(put(key, "c").version()).isEqualTo(3);
        assertThat(text(get(key))).isEqualTo("c");
        assertThat(get(key).version()).isEqualTo(3);
    }

    @Test
    void put_emptyOrNullCacheName_isTheDefaultCache() {
        result(store().put("default", key(key), bytes("v"), 0, WriteCondition.ALWAYS, 0));

        assertThat(result(store().get("", key(key))).found()).isTrue();
        assertThat(result(store().get(null, key(key))).found()).isTrue();
        assertThat(result(store().get(SHORT_TTL_CACHE, key(key))).found()).as("caches are separate").isFalse();
    }

    @Test
    void put_storesACopy_andEveryReadAnswersAFreshArray() {
        byte[] value = bytes("original");
        result(store().put("", key(key), value, 0, WriteCondition.ALWAYS, 0));
        value[0] = 'X';

        byte[] first = get(key).value();
        first[0] = 'Y';

        assertThat(text(get(key))).isEqualTo("original");
    }

    @Test
    void put_anyValueBytes_roundTrip() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        result(store().put("", key(key), binary, 0, WriteCondition.ALWAYS, 0));
        put(key + "-empty", "");

        assertThat(get(key).value()).isEqualTo(binary);
        assertThat(get(key + "-empty").found()).isTrue();
        assertThat(get(key + "-empty").value()).isEmpty();
    }

    // ---- conditions ----

    @Test
    void put_always_ignoresTheExpectedVersion() {
        put(key, "v1");

        assertThat(put(key, "v2", 0, WriteCondition.ALWAYS, 7)).isEqualTo(new WriteResult(true, 2));
    }

    @Test
    void put_ifAbsent_appliesOnlyOnce() {
        WriteResult first = put(key, "first", 0, WriteCondition.IF_ABSENT, 0);
        WriteResult second = put(key, "second", 0, WriteCondition.IF_ABSENT, 0);

        assertThat(first).isEqualTo(new WriteResult(true, 1));
        assertThat(second).isEqualTo(new WriteResult(false, 1));
        assertThat(text(get(key))).isEqualTo("first");
    }

    @Test
    void put_ifPresent_appliesOnlyToAnExistingKey() {
        WriteResult missing = put(key, "x", 0, WriteCondition.IF_PRESENT, 0);
        assertThat(get(key).found()).as("a refused write writes nothing").isFalse();
        put(key, "v1");
        WriteResult present = put(key, "v2", 0, WriteCondition.IF_PRESENT, 0);

        assertThat(missing).isEqualTo(new WriteResult(false, 0));
        assertThat(present).isEqualTo(new WriteResult(true, 2));
        assertThat(text(get(key))).isEqualTo("v2");
    }

    @Test
    void put_ifVersion_isCompareAndSet() {
        WriteResult onMissing = put(key, "v0", 0, WriteCondition.IF_VERSION, 1);
        put(key, "v1");

        WriteResult stale = put(key, "nope", 0, WriteCondition.IF_VERSION, 7);
        WriteResult current = put(key, "v2", 0, WriteCondition.IF_VERSION, 1);
        WriteResult replayed = put(key, "v3", 0, WriteCondition.IF_VERSION, 1);

        assertThat(onMissing).isEqualTo(new WriteResult(false, 0));
        assertThat(stale).isEqualTo(new WriteResult(false, 1));
        assertThat(current).isEqualTo(new WriteResult(true, 2));
        assertThat(replayed).isEqualTo(new WriteResult(false, 2));
        assertThat(text(get(key))).isEqualTo("v2");
    }

    // ---- delete ----

    @Test
    void delete_existing_removesIt_andAMissingKeyIsNotDeleted() {
        put(key, "v");

        assertThat(delete(key, 0)).isTrue();
        assertThat(get(key).found()).isFalse();
        assertThat(delete(key, 0)).isFalse();
    }

    @Test
    void delete_withExpectedVersion_removesOnlyThatVersion() {
        put(key, "v1");
        put(key, "v2");

        assertThat(delete(key, 1)).isFalse();
        assertThat(get(key).version()).isEqualTo(2);
        assertThat(delete(key, 2)).isTrue();
        assertThat(get(key).found()).isFalse();
    }

    @Test
    void put_afterDelete_startsAgainAtVersionOne() {
        put(key, "v1");
        put(key, "v2");
        delete(key, 0);

        assertThat(put(key, "again")).isEqualTo(new WriteResult(true, 1));
    }

    // ---- TTL ----

    @Test
    void put_withTtl_reportsRemainingTime_thenExpires() {
        put(key, "v", FRESH_TTL_MS, WriteCondition.ALWAYS, 0);

        Lookup fresh = get(key);
        assertThat(fresh.found()).isTrue();
        assertThat(fresh.ttlRemainingMs()).isBetween(1L, FRESH_TTL_MS);
        afterTimePasses(Duration.ofMillis(FRESH_TTL_MS), () -> !get(key).found());
        assertThat(get(key).version()).isZero();
    }

    @Test
    void put_afterExpiry_startsAgainAtVersionOne_andConditionsSeeTheKeyAbsent() {
        put(key, "v1");
        put(key, "v2", EXPIRING_TTL_MS, WriteCondition.ALWAYS, 0);
        afterTimePasses(Duration.ofMillis(EXPIRING_TTL_MS), () -> !get(key).found());

        assertThat(put(key, "present?", 0, WriteCondition.IF_PRESENT, 0)).isEqualTo(new WriteResult(false, 0));
        assertThat(put(key, "cas", 0, WriteCondition.IF_VERSION, 2)).isEqualTo(new WriteResult(false, 0));
        assertThat(delete(key, 0)).isFalse();
        assertThat(put(key, "again", 0, WriteCondition.IF_ABSENT, 0)).isEqualTo(new WriteResult(true, 1));
    }

    @Test
    void put_withoutTtl_getsTheCacheDefaultTtl() {
        result(store().put(SHORT_TTL_CACHE, key(key), bytes("v"), 0, WriteCondition.ALWAYS, 0));
        result(store().put("", key(key), bytes("v"), 0, WriteCondition.ALWAYS, 0));

        assertThat(result(store().get(SHORT_TTL_CACHE, key(key))).ttlRemainingMs())
                .isBetween(1L, SHORT_DEFAULT_TTL.toMillis());
        assertThat(get(key).ttlRemainingMs()).as("default cache: no default TTL").isZero();
        afterTimePasses(SHORT_DEFAULT_TTL, () -> !result(store().get(SHORT_TTL_CACHE, key(key))).found());
        assertThat(get(key).found()).isTrue();
    }

    @Test
    void put_withTtl_overridesTheCacheDefaultTtl() {
        result(store().put(SHORT_TTL_CACHE, key(key), bytes("v"), 60_000, WriteCondition.ALWAYS, 0));

        assertThat(result(store().get(SHORT_TTL_CACHE, key(key))).ttlRemainingMs())
                .isBetween(SHORT_DEFAULT_TTL.toMillis() + 1, 60_000L);
    }

    @Test
    void put_withoutTtl_replacesAnEarlierTtl() {
        put(key, "v1", 60_000, WriteCondition.ALWAYS, 0);
        put(key, "v2");

        assertThat(get(key).ttlRemainingMs()).isZero();
    }

    @Test
    void touch_setsAndClearsTtl_keepsValueAndVersion_andDoesNotCreateKeys() {
        put(key, "v");

        assertThat(touch(key, 60_000)).isTrue();
        Lookup touched = get(key);
        assertThat(touched.ttlRemainingMs()).isBetween(1L, 60_000L);
        assertThat(touched.version()).isEqualTo(1);
        assertThat(text(touched)).isEqualTo("v");

        assertThat(touch(key, 0)).isTrue();
        assertThat(get(key).ttlRemainingMs()).isZero();
        assertThat(get(key).version()).isEqualTo(1);

        assertThat(touch(key + "-missing", 1000)).isFalse();
        assertThat(get(key + "-missing").found()).isFalse();
    }

    @Test
    void touch_shortTtl_expiresTheKey_andAnExpiredKeyIsNotTouched() {
        put(key, "v");
        touch(key, EXPIRING_TTL_MS);

        afterTimePasses(Duration.ofMillis(EXPIRING_TTL_MS), () -> !get(key).found());
        assertThat(touch(key, 60_000)).isFalse();
        assertThat(get(key).found()).isFalse();
    }

    // ---- increment ----

    @Test
    void increment_missingKey_startsFromInitial_andStoresDecimalText() {
        Counter first = increment(key, 1, 0, 0);
        Counter second = increment(key, 41, 0, 0);
        Counter fromInitial = increment(key + "-b", 5, 100, 0);
        Counter negative = increment(key + "-c", -3, 0, 0);

        assertThat(first).isEqualTo(new Counter(1, 1));
        assertThat(second).isEqualTo(new Counter(42, 2));
        assertThat(text(get(key))).isEqualTo("42");
        assertThat(get(key).version()).isEqualTo(2);
        assertThat(fromInitial).isEqualTo(new Counter(105, 1));
        assertThat(text(get(key + "-c"))).isEqualTo("-3");
        assertThat(negative.value()).isEqualTo(-3);
    }

    @Test
    void increment_ofADecimalValueWrittenByPut_continuesItsVersions() {
        put(key, "-10");
        put(key, "-10");

        assertThat(increment(key, 3, 0, 0)).isEqualTo(new Counter(-7, 3));
        assertThat(put(key, "100").version()).isEqualTo(4);
        assertThat(increment(key, 0, 0, 0)).isEqualTo(new Counter(100, 5));
    }

    @Test
    void increment_ofText_failsPrecondition_andWritesNothing() {
        for (String text : List.of("ten", "", "+1", " 1", "1 ", "1.5", "0x10", "99999999999999999999")) {
            String textKey = key + "-" + text.hashCode();
            put(textKey, text);

            assertFails(store().increment("", key(textKey), 1, 0, 0), CacheError.FAILED_PRECONDITION,
                    "not a decimal int64");
            assertThat(text(get(textKey))).as("value %s", text).isEqualTo(text);
            assertThat(get(textKey).version()).isEqualTo(1);
        }
    }

    @Test
    void increment_overflow_failsPrecondition_andKeepsTheValue() {
        put(key, Long.toString(Long.MAX_VALUE));
        put(key + "-min", Long.toString(Long.MIN_VALUE));

        assertFails(store().increment("", key(key), 1, 0, 0), CacheError.FAILED_PRECONDITION, "overflow");
        assertFails(store().increment("", key(key + "-min"), -1, 0, 0), CacheError.FAILED_PRECONDITION, "overflow");
        assertFails(store().increment("", key(key + "-new"), 1, Long.MAX_VALUE, 0), CacheError.FAILED_PRECONDITION,
                "overflow");
        assertThat(text(get(key))).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(get(key).version()).isEqualTo(1);
        assertThat(text(get(key + "-min"))).isEqualTo(Long.toString(Long.MIN_VALUE));
        assertThat(get(key + "-new").found()).as("a refused increment creates nothing").isFalse();
        assertThat(increment(key, -1, 0, 0)).isEqualTo(new Counter(Long.MAX_VALUE - 1, 2));
    }

    @Test
    void increment_withTtl_setsIt_andWithoutTtl_keepsIt() {
        increment(key, 1, 0, 60_000);
        increment(key, 1, 0, 0);

        Lookup read = get(key);
        assertThat(text(read)).isEqualTo("2");
        assertThat(read.ttlRemainingMs()).isBetween(1L, 60_000L);
    }

    @Test
    void increment_withoutTtl_keepsNoExpiry_andANewCounterGetsTheCacheDefault() {
        increment(key, 1, 0, 0);
        Counter counter = result(store().increment(SHORT_TTL_CACHE, key(key), 1, 0, 0));

        assertThat(get(key).ttlRemainingMs()).isZero();
        assertThat(counter).isEqualTo(new Counter(1, 1));
        assertThat(result(store().get(SHORT_TTL_CACHE, key(key))).ttlRemainingMs())
                .isBetween(1L, SHORT_DEFAULT_TTL.toMillis());
    }

    @Test
    void increment_afterExpiry_startsFromInitialAtVersionOne() {
        increment(key, 5, 0, FRESH_TTL_MS);
        increment(key, 5, 0, 0);

        afterTimePasses(Duration.ofMillis(FRESH_TTL_MS), () -> !get(key).found());
        assertThat(increment(key, 1, 10, 0)).isEqualTo(new Counter(11, 1));
        assertThat(get(key).ttlRemainingMs()).isZero();
    }

    // ---- batches ----

    @Test
    void getMany_answersEveryPositionInOrder_duplicatesIncluded() {
        put(key + "-a", "A");
        put(key + "-b", "B");
        put(key + "-b", "B2");

        List<Lookup> lookups = result(store().getMany("", keys(key + "-a", key + "-missing", key + "-b", key + "-a")));

        assertThat(lookups).hasSize(4);
        assertThat(text(lookups.get(0))).isEqualTo("A");
        assertThat(lookups.get(0).version()).isEqualTo(1);
        assertThat(lookups.get(1).found()).isFalse();
        assertThat(lookups.get(1).version()).isZero();
        assertThat(text(lookups.get(2))).isEqualTo("B2");
        assertThat(lookups.get(2).version()).isEqualTo(2);
        assertThat(text(lookups.get(3))).isEqualTo("A");
        assertThat(lookups.get(3).version()).isEqualTo(1);
    }

    @Test
    void getMany_seesTtlsAndExpiry() {
        put(key + "-ttl", "v", 60_000, WriteCondition.ALWAYS, 0);
        put(key + "-gone", "v", EXPIRING_TTL_MS, WriteCondition.ALWAYS, 0);
        afterTimePasses(Duration.ofMillis(EXPIRING_TTL_MS), () -> !get(key + "-gone").found());

        List<Lookup> lookups = result(store().getMany("", keys(key + "-ttl", key + "-gone")));

        assertThat(lookups.get(0).ttlRemainingMs()).isBetween(1L, 60_000L);
        assertThat(lookups.get(1).found()).isFalse();
    }

    @Test
    void putMany_writesEveryKey_andAnswersTheNewVersionsInOrder() {
        put(key + "-b", "old");
        put(key + "-b", "older");

        List<Long> versions = result(store().putMany("", keys(key + "-a", key + "-b", key + "-c"),
                List.of(bytes("A"), bytes("B"), bytes("C")), 0));

        assertThat(versions).containsExactly(1L, 3L, 1L);
        assertThat(text(get(key + "-a"))).isEqualTo("A");
        assertThat(text(get(key + "-b"))).isEqualTo("B");
        assertThat(get(key + "-b").ttlRemainingMs()).isZero();
        assertThat(text(get(key + "-c"))).isEqualTo("C");
    }

    @Test
    void putMany_ttl_isEachKeysTtl_andZeroIsTheCacheDefault() {
        result(store().putMany("", keys(key + "-a", key + "-b"), List.of(bytes("A"), bytes("B")), 60_000));
        result(store().putMany(SHORT_TTL_CACHE, keys(key), List.of(bytes("S")), 0));

        assertThat(get(key + "-a").ttlRemainingMs()).isBetween(1L, 60_000L);
        assertThat(get(key + "-b").ttlRemainingMs()).isBetween(1L, 60_000L);
        assertThat(result(store().get(SHORT_TTL_CACHE, key(key))).ttlRemainingMs())
                .isBetween(1L, SHORT_DEFAULT_TTL.toMillis());
    }

    @Test
    void putMany_aKeyTwice_isRefusedWhole() {
        assertFails(store().putMany("", keys(key + "-a", key + "-b", key + "-a"),
                List.of(bytes("1"), bytes("2"), bytes("3")), 0), CacheError.INVALID_ARGUMENT, "appears twice");

        assertThat(get(key + "-a").found()).isFalse();
        assertThat(get(key + "-b").found()).isFalse();
    }

    @Test
    void putMany_moreKeysThanValues_isRefused() {
        assertFails(store().putMany("", keys(key + "-a", key + "-b"), List.of(bytes("1")), 0),
                CacheError.INVALID_ARGUMENT, "2 keys and 1 values");

        assertThat(get(key + "-a").found()).isFalse();
    }

    @Test
    void deleteMany_countsTheDistinctKeysThatExisted() {
        put(key + "-a", "A");
        put(key + "-b", "B");
        put(key + "-gone", "v", EXPIRING_TTL_MS, WriteCondition.ALWAYS, 0);
        afterTimePasses(Duration.ofMillis(EXPIRING_TTL_MS), () -> !get(key + "-gone").found());

        long deleted = result(store().deleteMany("",
                keys(key + "-a", key + "-a", key + "-b", key + "-missing", key + "-gone")));

        assertThat(deleted).isEqualTo(2);
        assertThat(get(key + "-a").found()).isFalse();
        assertThat(get(key + "-b").found()).isFalse();
        assertThat(put(key + "-a", "again").version()).isEqualTo(1);
    }

    @Test
    void emptyBatches_answerEmpty() {
        assertThat(result(store().getMany("", List.of()))).isEmpty();
        assertThat(result(store().putMany("", List.of(), List.of(), 0))).isEmpty();
        assertThat(result(store().deleteMany("", List.of()))).isZero();
    }

    @Test
    void batches_overTheKeyLimit_orWithABadKey_areRefusedWhole() {
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH_KEYS; i++) {
            names.add(key + "-" + i);
            values.add(bytes("v"));
        }
        String limit = "the limit is " + MAX_BATCH_KEYS;
        assertFails(store().getMany("", keys(names)), CacheError.INVALID_ARGUMENT, limit);
        assertFails(store().putMany("", keys(names), values, 0), CacheError.INVALID_ARGUMENT, limit);
        assertFails(store().deleteMany("", keys(names)), CacheError.INVALID_ARGUMENT, limit);
        assertThat(get(names.get(0)).found()).isFalse();

        put(names.get(0), "kept");
        List<CacheKey> withEmpty = List.of(key(names.get(0)), CacheKey.of(new byte[0]));
        assertFails(store().getMany("", withEmpty), CacheError.INVALID_ARGUMENT, "key must not be empty");
        assertFails(store().deleteMany("", List.of(key(names.get(0)), CacheKey.of(new byte[0]))),
                CacheError.INVALID_ARGUMENT, "key must not be empty");
        assertFails(store().putMany("", List.of(key(names.get(1)), key(names.get(2))),
                List.of(bytes("v"), new byte[MAX_VALUE_BYTES + 1]), 0), CacheError.INVALID_ARGUMENT,
                "limit is " + MAX_VALUE_BYTES);
        assertThat(get(names.get(0)).found()).isTrue();
        assertThat(get(names.get(1)).found()).isFalse();
    }

    // ---- whole caches: size, clear, scan ----

    @Test
    void size_countsTheLiveKeys_andNotExpiredOnes() {
        clearWholeCache();
        putInWholeCache(key, 5, 0);
        List<String> expiring = putInWholeCache(key + "-expiring", 2, FRESH_TTL_MS);

        assertThat(result(store().size(WHOLE_CACHE))).isEqualTo(7);
        // Once a read misses, the size must not count the key (Hazelcast's own TTL removes it later).
        afterTimePasses(Duration.ofMillis(FRESH_TTL_MS),
                () -> !result(store().get(WHOLE_CACHE, key(expiring.get(1)))).found());
        assertThat(result(store().size(WHOLE_CACHE))).isEqualTo(5);
    }

    @Test
    void size_ofAnEmptyCache_isZero() {
        clearWholeCache();

        assertThat(result(store().size(WHOLE_CACHE))).isZero();
    }

    @Test
    void clear_removesEveryKeyOfThatCache_andOnlyOfThatCache() {
        clearWholeCache();
        List<String> names = putInWholeCache(key, 120, 0);
        put(key, "elsewhere");

        result(store().clear(WHOLE_CACHE));

        assertThat(result(store().size(WHOLE_CACHE))).isZero();
        assertThat(result(store().get(WHOLE_CACHE, key(names.get(0)))).found()).isFalse();
        assertThat(scanAll(WHOLE_CACHE, 10)).isEmpty();
        assertThat(text(get(key))).as("another cache's key").isEqualTo("elsewhere");
        assertThat(result(store().put(WHOLE_CACHE, key(names.get(0)), bytes("v"), 0, WriteCondition.ALWAYS, 0))
                .version()).as("a cleared key starts again").isEqualTo(1);
    }

    @Test
    void scan_walkOverManyKeys_returnsEveryKey_andEndsWithCursorZero() {
        clearWholeCache();
        List<String> names = putInWholeCache(key, 500, 0);

        List<String> seen = scanAll(WHOLE_CACHE, 10);

        assertThat(seen).containsAll(names);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(names);
    }

    @Test
    void scan_pagesAreSmallWhenKeysAreSpread() {
        clearWholeCache();
        putInWholeCache(key, 500, 0);

        ScanPage first = result(store().scan(WHOLE_CACHE, 0, 10));

        assertThat(first.cursor()).as("500 keys are not all in one page of 10").isPositive();
        assertThat(first.keys()).hasSizeLessThan(500);
    }

    @Test
    void scan_ofAnEmptyCache_ends() {
        clearWholeCache();

        assertThat(scanAll(WHOLE_CACHE, 10)).isEmpty();
        assertThat(scanAll(WHOLE_CACHE, 1_000_000)).isEmpty();
    }

    @Test
    void scan_returnsEveryKeyPresentForTheWholeWalk_whileOtherKeysComeAndGo() {
        clearWholeCache();
        List<String> stable = putInWholeCache(key + "-stable", 200, 0);
        List<String> churn = putInWholeCache(key + "-churn", 100, 0);

        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int page = 0;
        do {
            ScanPage next = result(store().scan(WHOLE_CACHE, cursor, 10));
            next.keys().forEach(bytes -> seen.add(new String(bytes, StandardCharsets.UTF_8)));
            cursor = next.cursor();
            // Between pages: a key goes, a new one comes.
            if (page < churn.size()) {
                result(store().delete(WHOLE_CACHE, key(churn.get(page)), 0));
            }
            result(store().put(WHOLE_CACHE, key(key + "-new-" + page), bytes("v"), 0, WriteCondition.ALWAYS, 0));
            page++;
            assertThat(page).as("pages").isLessThan(10_000);
        } while (cursor != 0);

        assertThat(seen).containsAll(stable);
    }

    @Test
    void scan_doesNotReturnExpiredKeys() {
        clearWholeCache();
        List<String> live = putInWholeCache(key + "-live", 20, 0);
        List<String> expiring = putInWholeCache(key + "-expiring", 20, EXPIRING_TTL_MS);
        afterTimePasses(Duration.ofMillis(EXPIRING_TTL_MS),
                () -> !result(store().get(WHOLE_CACHE, key(expiring.get(0)))).found());

        List<String> seen = scanAll(WHOLE_CACHE, 5);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void scan_negativeOrUnknownCursor_orCountBelowOne_isInvalid() {
        assertFails(store().scan(WHOLE_CACHE, -1, 10), CacheError.INVALID_ARGUMENT, "invalid cursor");
        assertFails(store().scan(WHOLE_CACHE, Long.MAX_VALUE, 10), CacheError.INVALID_ARGUMENT, "invalid cursor");
        assertFails(store().scan(WHOLE_CACHE, 0, 0), CacheError.INVALID_ARGUMENT, "COUNT must be positive");
        assertFails(store().scan(WHOLE_CACHE, 0, -5), CacheError.INVALID_ARGUMENT, "COUNT must be positive");
    }

    // ---- validation ----

    @Test
    void emptyKey_isRefusedByEveryOperation() {
        CacheKey empty = CacheKey.of(new byte[0]);
        String message = "key must not be empty";

        assertFails(store().get("", empty), CacheError.INVALID_ARGUMENT, message);
        assertFails(store().put("", CacheKey.of(null), bytes("v"), 0, WriteCondition.ALWAYS, 0),
                CacheError.INVALID_ARGUMENT, message);
        assertFails(store().delete("", empty, 0), CacheError.INVALID_ARGUMENT, message);
        assertFails(store().increment("", empty, 1, 0, 0), CacheError.INVALID_ARGUMENT, message);
        assertFails(store().touch("", empty, 0), CacheError.INVALID_ARGUMENT, message);
        assertFails(store().putMany("", List.of(empty), List.of(bytes("v")), 0), CacheError.INVALID_ARGUMENT,
                message);
    }

    @Test
    void keysAndValues_overTheLimit_areRefused_atTheLimit_accepted() {
        String longKey = "k".repeat(MAX_KEY_BYTES + 1);
        String limitKey = key + "k".repeat(MAX_KEY_BYTES - key.length());

        assertFails(store().get("", key(longKey)), CacheError.INVALID_ARGUMENT, "limit is " + MAX_KEY_BYTES);
        assertFails(store().put("", key(longKey), bytes("v"), 0, WriteCondition.ALWAYS, 0),
                CacheError.INVALID_ARGUMENT, "limit is " + MAX_KEY_BYTES);
        assertFails(store().increment("", key(longKey), 1, 0, 0), CacheError.INVALID_ARGUMENT,
                "limit is " + MAX_KEY_BYTES);
        assertFails(store().put("", key(key), new byte[MAX_VALUE_BYTES + 1], 0, WriteCondition.ALWAYS, 0),
                CacheError.INVALID_ARGUMENT, "limit is " + MAX_VALUE_BYTES);
        assertThat(get(key).found()).isFalse();

        assertThat(put(limitKey, "v").applied()).isTrue();
        assertThat(result(store().put("", key(key), new byte[MAX_VALUE_BYTES], 0, WriteCondition.ALWAYS, 0))
                .applied()).isTrue();
        assertThat(get(key).value()).hasSize(MAX_VALUE_BYTES);
    }

    @Test
    void negativeOrHugeTtls_areRefused() {
        long huge = RequestLimits.MAX_TTL_MS + 1;

        assertFails(store().put("", key(key), bytes("v"), -1, WriteCondition.ALWAYS, 0), CacheError.INVALID_ARGUMENT,
                "negative");
        assertFails(store().increment("", key(key), 1, 0, -1), CacheError.INVALID_ARGUMENT, "negative");
        assertFails(store().touch("", key(key), -1), CacheError.INVALID_ARGUMENT, "negative");
        assertFails(store().putMany("", keys(key), List.of(bytes("v")), -1), CacheError.INVALID_ARGUMENT, "negative");
        assertFails(store().put("", key(key), bytes("v"), huge, WriteCondition.ALWAYS, 0), CacheError.INVALID_ARGUMENT,
                "over the limit");
        assertFails(store().touch("", key(key), Long.MAX_VALUE), CacheError.INVALID_ARGUMENT, "over the limit");
        assertThat(get(key).found()).isFalse();
        assertThat(put(key, "v", RequestLimits.MAX_TTL_MS, WriteCondition.ALWAYS, 0).applied()).isTrue();
    }

    @Test
    void badVersions_areRefused() {
        assertFails(store().put("", key(key), bytes("v"), 0, WriteCondition.IF_VERSION, 0), CacheError.INVALID_ARGUMENT,
                "IF_VERSION");
        assertFails(store().put("", key(key), bytes("v"), 0, WriteCondition.IF_VERSION, -1),
                CacheError.INVALID_ARGUMENT, "negative");
        assertFails(store().delete("", key(key), -2), CacheError.INVALID_ARGUMENT, "negative");
        assertThat(get(key).found()).isFalse();
    }

    @Test
    void anUnknownCache_isCacheNotFound_forEveryOperation() {
        String message = "no cache named 'nope'";

        assertFails(store().get("nope", key(key)), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().put("nope", key(key), bytes("v"), 0, WriteCondition.ALWAYS, 0), CacheError.CACHE_NOT_FOUND,
                message);
        assertFails(store().delete("nope", key(key), 0), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().increment("nope", key(key), 1, 0, 0), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().touch("nope", key(key), 0), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().getMany("nope", keys(key)), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().putMany("nope", keys(key), List.of(bytes("v")), 0), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().deleteMany("nope", keys(key)), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().size("nope"), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().clear("nope"), CacheError.CACHE_NOT_FOUND, message);
        assertFails(store().scan("nope", 0, 10), CacheError.CACHE_NOT_FOUND, message);
    }

    @Test
    void describeCaches_listsEveryCacheWithItsSettings_andCountsOwnedEntries() {
        put(key, "v");

        List<CacheInfo> caches = store().describeCaches();

        assertThat(caches).extracting(info -> info.settings().name()).containsExactlyInAnyOrder("default",
                SHORT_TTL_CACHE, WHOLE_CACHE);
        CacheInfo defaults = caches.stream().filter(info -> info.settings().name().equals("default")).findFirst()
                .orElseThrow();
        CacheInfo shortTtl = caches.stream().filter(info -> info.settings().name().equals(SHORT_TTL_CACHE))
                .findFirst().orElseThrow();
        assertThat(defaults.ownedEntries()).isPositive();
        assertThat(defaults.ownedBytes()).isPositive();
        assertThat(defaults.settings().defaultTtl()).isZero();
        assertThat(shortTtl.settings().defaultTtl()).isEqualTo(SHORT_DEFAULT_TTL);
    }

    // ---- helpers ----

    private void clearWholeCache() {
        result(store().clear(WHOLE_CACHE));
    }

    /** Writes {@code n} keys named {@code prefix-i} to {@link #WHOLE_CACHE}, a batch at a time; their names. */
    private List<String> putInWholeCache(String prefix, int n, long ttlMs) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + "-" + i);
        }
        for (int from = 0; from < n; from += MAX_BATCH_KEYS) {
            List<String> batch = names.subList(from, Math.min(n, from + MAX_BATCH_KEYS));
            result(store().putMany(WHOLE_CACHE, keys(batch), batch.stream().map(name -> bytes("v")).toList(), ttlMs));
        }
        return names;
    }

    /** Every key a whole walk returns, in the order returned (a key may appear more than once). */
    protected List<String> scanAll(String cache, int count) {
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        int pages = 0;
        do {
            ScanPage page = result(store().scan(cache, cursor, count));
            page.keys().forEach(bytes -> seen.add(new String(bytes, StandardCharsets.UTF_8)));
            cursor = page.cursor();
            assertThat(++pages).as("pages of a walk").isLessThan(10_000);
        } while (cursor != 0);
        return seen;
    }

    /** The result of a store's future, or the {@link CacheException} it failed with, thrown. */
    protected static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Expects {@code future} to fail with {@code error} and a message containing {@code messagePart}. */
    protected static void assertFails(Future<?> future, CacheError error, String messagePart) {
        try {
            Object result = result(future);
            fail("expected %s (%s), got %s", error, messagePart, result);
        } catch (CacheException e) {
            assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
            assertThat(e.getMessage()).contains(messagePart);
        }
    }

    protected Lookup get(String name) {
        return result(store().get("", key(name)));
    }

    protected WriteResult put(String name, String value) {
        return put(name, value, 0, WriteCondition.ALWAYS, 0);
    }

    protected WriteResult put(String name, String value, long ttlMs, WriteCondition condition, long expectedVersion) {
        return result(store().put("", key(name), bytes(value), ttlMs, condition, expectedVersion));
    }

    protected boolean delete(String name, long expectedVersion) {
        return result(store().delete("", key(name), expectedVersion));
    }

    protected Counter increment(String name, long delta, long initial, long ttlMs) {
        return result(store().increment("", key(name), delta, initial, ttlMs));
    }

    protected boolean touch(String name, long ttlMs) {
        return result(store().touch("", key(name), ttlMs));
    }

    /** A fresh key each call: a key carries its route, and a request's keys are its own. */
    protected static CacheKey key(String name) {
        return CacheKey.of(bytes(name));
    }

    protected static List<CacheKey> keys(String... names) {
        return keys(Arrays.asList(names));
    }

    protected static List<CacheKey> keys(List<String> names) {
        return names.stream().map(CacheStoreContract::key).toList();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(Lookup lookup) {
        assertThat(lookup.found()).as("found").isTrue();
        return new String(lookup.value(), StandardCharsets.UTF_8);
    }
}
