package io.ringcache.node.resp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RespNumbers}: Redis's strict integers, its floats, and INCRBYFLOAT's output. */
class RespNumbersTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0, 0",
            "1, 1",
            "-1, -1",
            "42, 42",
            "9223372036854775807, 9223372036854775807",
            "-9223372036854775808, -9223372036854775808",
            "1000000, 1000000"})
    void integers_areRead(String text, long expected) {
        assertThat(RespNumbers.parseLong(bytes(text))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "-", "-0", "00", "01", "-01", "+1", " 1", "1 ", "1a", "a1", "1.0", "1e3", "0x10",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "-99999999999999999999",
            "123456789012345678901", "18446744073709551616", "--1", "1-"})
    void notStrictInt64s_areRefused(String text) {
        assertThat(RespNumbers.parseLong(bytes(text))).isNull();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "1, 1.0",
            "1.5, 1.5",
            "-1.5, -1.5",
            "+2, 2.0",
            ".5, 0.5",
            "5., 5.0",
            "1e3, 1000.0",
            "1E-2, 0.01",
            "0x1p3, 8.0",
            "inf, Infinity",
            "+inf, Infinity",
            "-inf, -Infinity",
            "INF, Infinity",
            "infinity, Infinity",
            "-Infinity, -Infinity"})
    void floats_areRead(String text, double expected) {
        assertThat(RespNumbers.parseDouble(bytes(text))).isEqualTo(expected);
    }

    @Test
    void add_isDecimal_roundedTo17Digits_andFastForAHugeDifferenceInScale() {
        assertThat(new String(RespNumbers.add(bytes("0.1"), bytes("0.2"), 0.3))).isEqualTo("0.3");
        assertThat(new String(RespNumbers.add(bytes("1"), bytes("1e-30"), 1.0))).isEqualTo("1");
        assertThat(new String(RespNumbers.add(bytes("1"), bytes("1e-400000000"), 1.0))).isEqualTo("1");
        assertThat(new String(RespNumbers.add(bytes("17179869184"), bytes("1.5"), 17179869185.5)))
                .isEqualTo("17179869185.5");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "abc", "nan", "NaN", "-nan", " 1", "1 ", "1d", "1f", "1.5D", "1F", "1.2.3",
            "1e", "infx", "Infinit", "1\u0000", "1e-100000000", "-5e-400"})
    void notFloats_areRefused(String text) {
        assertThat(RespNumbers.parseDouble(bytes(text))).isNull();
    }

    @Test
    void aFloatOfOver5120Bytes_isRefused() {
        assertThat(RespNumbers.parseDouble(bytes("1." + "0".repeat(5118)))).isEqualTo(1.0);
        assertThat(RespNumbers.parseDouble(bytes("1." + "0".repeat(5119)))).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0, 0",
            "-0.0, 0",
            "1.0, 1",
            "-1.0, -1",
            "10.5, 10.5",
            "-2.5, -2.5",
            "0.1, 0.1",
            "3.0e-5, 0.00003",
            "5.0e3, 5000",
            "1.0e20, 100000000000000000000",
            "1.5e17, 150000000000000000",
            "123456.789, 123456.789"})
    void floats_areFormattedPlain_withoutTrailingZerosOrNegativeZero(double value, String expected) {
        assertThat(RespNumbers.formatDouble(value)).isEqualTo(expected);
    }

    @Test
    void aSumThatCancelsToNegativeZero_isWrittenAsZero() {
        assertThat(RespNumbers.formatDouble(-1.5 + 1.5)).isEqualTo("0");
        assertThat(RespNumbers.formatDouble(-0.0 * 1)).isEqualTo("0");
        assertThat(RespNumbers.formatDouble(-0.0)).doesNotStartWith("-");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
