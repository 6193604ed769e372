package io.ringcache.node.resp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GlobPattern} matches as Redis's {@code stringmatchlen} does (KEYS, SCAN MATCH, CONFIG GET). */
class GlobPatternTest {

    @ParameterizedTest(name = "''{0}'' ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            *            | anything     | true
            *            | ""           | true
            ""           | ""           | true
            ""           | a            | false
            hello        | hello        | true
            hello        | hell         | false
            hello        | helloo       | false
            h?llo        | hello        | true
            h?llo        | hllo         | false
            h*llo        | hllo         | true
            h*llo        | heeeello     | true
            h*llo        | hello world  | false
            *llo         | hello        | true
            he*          | hello        | true
            **a**        | xay          | true
            a*b*c        | aXXbYYc      | true
            a*b*c        | aXXcYYb      | false
            h[ae]llo     | hello        | true
            h[ae]llo     | hallo        | true
            h[ae]llo     | hillo        | false
            h[^e]llo     | hallo        | true
            h[^e]llo     | hello        | false
            h[a-c]llo    | hbllo        | true
            h[a-c]llo    | hdllo        | false
            h[c-a]llo    | hbllo        | true
            h[^a-c]llo   | hdllo        | true
            h[^a-c]llo   | hbllo        | false
            [0-9][0-9]   | 42           | true
            [0-9][0-9]   | 4x           | false
            [\\]]        | ]            | true
            [a\\-z]      | -            | true
            [a\\-z]      | b            | false
            h\\*llo      | h*llo        | true
            h\\*llo      | hello        | false
            h\\?llo      | h?llo        | true
            h\\?llo      | hello        | false
            \\[a]        | [a]          | true
            \\[a]        | a            | false
            a\\          | a\\          | true
            [abc         | a            | true
            user:*:name  | user:42:name | true
            user:*:name  | user:42:mail | false
            """)
    void matchesAsRedisDoes(String pattern, String text, boolean expected) {
        assertThat(new GlobPattern(bytes(pattern)).matches(bytes(text))).isEqualTo(expected);
    }

    @Test
    void bytesAreCompared_notCharacters() {
        assertThat(new GlobPattern(new byte[]{'?'}).matches(new byte[]{(byte) 0xff})).isTrue();
        assertThat(new GlobPattern(new byte[]{'[', (byte) 0x80, '-', (byte) 0xff, ']'}).matches(new byte[]{(byte) 0x90}))
                .isTrue();
        assertThat(new GlobPattern(new byte[]{'[', (byte) 0x80, '-', (byte) 0xff, ']'}).matches(new byte[]{'a'}))
                .isFalse();
    }

    @Test
    void onlyALoneStar_matchesEverythingWithoutLooking() {
        assertThat(new GlobPattern(bytes("*")).matchesEverything()).isTrue();
        assertThat(new GlobPattern(bytes("**")).matchesEverything()).isFalse();
        assertThat(new GlobPattern(bytes("a*")).matchesEverything()).isFalse();
    }

    @Test
    void moreThanAThousandStars_notAtTheEnd_matchNothing() {
        String text = "a".repeat(1001);
        assertThat(new GlobPattern(bytes("*a".repeat(1000))).matches(bytes(text))).isTrue();
        assertThat(new GlobPattern(bytes("*a".repeat(1001))).matches(bytes(text))).isFalse();
        assertThat(new GlobPattern(bytes("*a".repeat(1000) + "*")).matches(bytes(text))).as("a trailing star is free")
                .isTrue();
        assertThat(new GlobPattern(bytes("**a".repeat(1000))).matches(bytes(text))).as("a run of stars counts once")
                .isTrue();
        assertThat(new GlobPattern(bytes("\\*a".repeat(1001))).matches(bytes("*a".repeat(1001))))
                .as("escaped stars are not stars").isTrue();
    }

    @Test
    void aPatternThatBacktracksALot_stillEndsQuickly() {
        // Redis's "pattern matching very long nested loops" regression: exponential in a naive matcher.
        String pattern = "a*".repeat(50) + "b";
        long started = System.nanoTime();
        assertThat(new GlobPattern(bytes(pattern)).matches(bytes("a".repeat(200)))).isFalse();
        assertThat(new GlobPattern(bytes("*?".repeat(50_000))).matches(bytes("a".repeat(100)))).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
