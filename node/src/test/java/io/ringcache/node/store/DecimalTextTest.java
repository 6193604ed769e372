package io.ringcache.node.store;

import io.ringcache.node.cache.DecimalText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalTextTest {

    @Test
    void parse_acceptsExactlyDecimalInt64() {
        assertThat(parse("0")).isZero();
        assertThat(parse("42")).isEqualTo(42L);
        assertThat(parse("-17")).isEqualTo(-17L);
        assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void parse_refusesEverythingElse() {
        for (String text : new String[]{"", "-", "+1", " 1", "1 ", "1.0", "0x10", "abc", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999"}) {
            assertThat(parse(text)).as("'%s'", text).isNull();
        }
    }

    private static Long parse(String text) {
        byte[] withHeader = new byte[StoredEntry.HEADER_BYTES + text.length()];
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, withHeader, StoredEntry.HEADER_BYTES,
                text.length());
        return DecimalText.parse(withHeader, StoredEntry.HEADER_BYTES);
    }
}
