package io.ringcache.node.store;

import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.cache.WriteResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEntryTest {

    private static final byte[] VALUE = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void encode_thenDecode_keepsVersionExpiryAndValue() {
        byte[] stored = StoredEntry.encode(42, 5_000, VALUE);

        assertThat(stored).hasSize(StoredEntry.HEADER_BYTES + VALUE.length);
        assertThat(StoredEntry.version(stored)).isEqualTo(42);
        assertThat(StoredEntry.expiresAt(stored)).isEqualTo(5_000);
        assertThat(StoredEntry.value(stored)).isEqualTo(VALUE);
    }

    @Test
    void toLookup_beforeExpiry_reportsRemainingTime() {
        Lookup lookup = StoredEntry.toLookup(StoredEntry.encode(3, 5_000, VALUE), 4_000);

        assertThat(lookup.found()).isTrue();
        assertThat(lookup.version()).isEqualTo(3);
        assertThat(lookup.ttlRemainingMs()).isEqualTo(1_000);
    }

    @Test
    void toLookup_atOrAfterExpiry_isAMiss() {
        byte[] stored = StoredEntry.encode(3, 5_000, VALUE);

        assertThat(StoredEntry.toLookup(stored, 5_000)).isEqualTo(Lookup.MISS);
        assertThat(StoredEntry.liveVersion(stored, 6_000)).isZero();
    }

    @Test
    void toLookup_noExpiry_reportsZeroRemaining() {
        Lookup lookup = StoredEntry.toLookup(StoredEntry.encode(1, 0, VALUE), Long.MAX_VALUE - 1);

        assertThat(lookup.found()).isTrue();
        assertThat(lookup.ttlRemainingMs()).isZero();
    }

    @Test
    void emptyValue_isStillFound() {
        Lookup lookup = StoredEntry.toLookup(StoredEntry.encode(1, 0, new byte[0]), 0);

        assertThat(lookup.found()).isTrue();
        assertThat(lookup.value()).isEmpty();
    }

    @Test
    void writeResult_roundTripsAppliedAndNotApplied() {
        assertThat(WriteOutcome.decode(WriteOutcome.applied(7))).isEqualTo(new WriteResult(true, 7));
        assertThat(WriteOutcome.decode(WriteOutcome.notApplied(7))).isEqualTo(new WriteResult(false, 7));
        assertThat(WriteOutcome.decode(WriteOutcome.notApplied(0))).isEqualTo(new WriteResult(false, 0));
    }

    @Test
    void conditions_holdAsDocumented() {
        assertThat(WriteCondition.ALWAYS.holds(0, 0)).isTrue();
        assertThat(WriteCondition.IF_ABSENT.holds(0, 0)).isTrue();
        assertThat(WriteCondition.IF_ABSENT.holds(1, 0)).isFalse();
        assertThat(WriteCondition.IF_PRESENT.holds(0, 0)).isFalse();
        assertThat(WriteCondition.IF_PRESENT.holds(2, 0)).isTrue();
        assertThat(WriteCondition.IF_VERSION.holds(2, 2)).isTrue();
        assertThat(WriteCondition.IF_VERSION.holds(2, 1)).isFalse();
        assertThat(WriteCondition.IF_VERSION.holds(0, 0)).isFalse();
    }
}
