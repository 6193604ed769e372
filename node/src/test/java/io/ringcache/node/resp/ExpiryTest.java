package io.ringcache.node.resp;

import io.ringcache.node.cache.RequestLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Expiry}: Redis's expire arithmetic, its overflow errors, and the store's ten-year cap. */
class ExpiryTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long MAX = Long.MAX_VALUE;
    private static final long MIN = Long.MIN_VALUE;

    /** SET's EX PX EXAT PXAT, GETEX, SETEX: amount, seconds, absolute, TTL (-1 = already expired, cap = ten years). */
    @ParameterizedTest(name = "{0} s={1} abs={2} -> {3}")
    @CsvSource({
            "10, true, false, 10000",
            "10, false, false, 10",
            "1, false, false, 1",
            "1700000010, true, true, 10000",
            "1700000000500, false, true, 500",
            "1700000000, true, true, -1",
            "1, false, true, -1",
            "9223372036854775807, false, true, cap",
            "100000000000, true, false, cap"})
    void writeExpiries_becomeTtls(long amount, boolean seconds, boolean absolute, String expected) {
        assertThat(Expiry.forWrite(amount, seconds, absolute, "set", NOW)).isEqualTo(ttl(expected));
    }

    @ParameterizedTest(name = "{0} s={1} abs={2}")
    @CsvSource({
            "0, true, false",
            "0, false, false",
            "-1, true, false",
            "-1, false, true",
            "-9223372036854775808, false, false",
            "9223372036854775807, true, false",
            "9223372036854776, true, false",
            "9223372036854775807, true, true",
            "9223372036854775807, false, false",
            "9223372036854775000, false, false",
            "9223372036854775, true, false"})
    void writeExpiriesThatAreNotPositive_orOverflow_areRedisErrors(long amount, boolean seconds, boolean absolute) {
        assertThatThrownBy(() -> Expiry.forWrite(amount, seconds, absolute, "set", NOW))
                .isInstanceOf(RespError.class).hasMessage("ERR invalid expire time in 'set' command");
    }

    /** EXPIRE PEXPIRE EXPIREAT PEXPIREAT: any amount; a past time expires the key. */
    @ParameterizedTest(name = "{0} s={1} abs={2} -> {3}")
    @CsvSource({
            "10, true, false, 10000",
            "10, false, false, 10",
            "0, true, false, -1",
            "-5, true, false, -1",
            "-9223372036854775808, false, false, -1",
            "-9223372036854775, true, false, -1",
            "0, false, true, -1",
            "1700000020, true, true, 20000",
            "9223372036854775807, false, true, cap",
            "9223372036854775, true, true, cap"})
    void expireArguments_becomeTtls(long amount, boolean seconds, boolean absolute, String expected) {
        assertThat(Expiry.forExpire(amount, seconds, absolute, "expire", NOW)).isEqualTo(ttl(expected));
    }

    @ParameterizedTest(name = "{0} s={1} abs={2}")
    @CsvSource({
            "9223372036854775807, true, false",
            "-9223372036854775808, true, false",
            "9223372036854776, true, true",
            "-9223372036854776, true, true",
            "9223372036854775807, false, false",
            "9223372036854775, true, false"})
    void expireArgumentsThatOverflow_areRedisErrors(long amount, boolean seconds, boolean absolute) {
        assertThatThrownBy(() -> Expiry.forExpire(amount, seconds, absolute, "pexpire", NOW))
                .isInstanceOf(RespError.class).hasMessage("ERR invalid expire time in 'pexpire' command");
    }

    /** "cap" is the store's longest TTL, anything else a number of milliseconds. */
    private static long ttl(String expected) {
        return expected.equals("cap") ? RequestLimits.MAX_TTL_MS : Long.parseLong(expected);
    }

    @Test
    void theErrorNamesTheCommand() {
        assertThat(Expiry.invalid("setex")).hasMessage("ERR invalid expire time in 'setex' command");
        assertThatThrownBy(() -> Expiry.forWrite(0, true, false, "getex", NOW))
                .hasMessage("ERR invalid expire time in 'getex' command");
    }

    @Test
    void expiryRelativeToNow_isExact() {
        assertThat(Expiry.forExpire(MAX / 1000 / 1000, false, false, "pexpire", NOW))
                .isEqualTo(Math.min(MAX / 1000 / 1000, RequestLimits.MAX_TTL_MS));
        assertThat(Expiry.forExpire(MIN / 1000, false, true, "pexpireat", NOW)).isEqualTo(Expiry.EXPIRED);
    }
}
