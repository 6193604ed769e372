package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizedSetEncoderTest {

    @Test
    void encode_isEqualExactlyForEqualSets() {
        Random random = new Random(1);
        for (int round = 0; round < 2_000; round++) {
            int size = 1 + random.nextInt(200);
            int words = (size + 63) / 64;
            long[] acknowledged = randomBits(random, size, 0.8);
            LinearizedSetEncoder encoder = new LinearizedSetEncoder(acknowledged, size);
            long[] a = mostlyPrefix(random, size);
            long[] b = random.nextBoolean() ? a.clone() : mostlyPrefix(random, size);
            if (random.nextBoolean()) {
                int flip = random.nextInt(size);
                b[flip >>> 6] ^= 1L << flip;
            }
            assertThat(Arrays.equals(encoder.encode(a), encoder.encode(b)))
                    .as("round %d", round).isEqualTo(Arrays.equals(a, b));
            assertThat(words).isEqualTo(a.length);
        }
    }

    @Test
    void encode_ofAPrefix_isShort() {
        long[] acknowledged = {-1L, -1L, -1L};
        long[] linearized = {-1L, -1L, 0b1011L};
        assertThat(new LinearizedSetEncoder(acknowledged, 192).encode(linearized)).containsExactly(130, -1, 131);
    }

    private static long[] mostlyPrefix(Random random, int size) {
        long[] bits = new long[(size + 63) / 64];
        int prefix = random.nextInt(size + 1);
        for (int i = 0; i < size; i++) {
            if (i < prefix ? random.nextInt(10) > 0 : random.nextInt(10) == 0) {
                bits[i >>> 6] |= 1L << i;
            }
        }
        return bits;
    }

    private static long[] randomBits(Random random, int size, double density) {
        long[] bits = new long[(size + 63) / 64];
        for (int i = 0; i < size; i++) {
            if (random.nextDouble() < density) {
                bits[i >>> 6] |= 1L << i;
            }
        }
        return bits;
    }
}
