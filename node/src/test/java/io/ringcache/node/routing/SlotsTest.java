package io.ringcache.node.routing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis Cluster's published vectors: a client computing slots the Redis way agrees with us. */
class SlotsTest {

    @Test
    void crc16_ofTheStandardCheckString_is0x31C3() {
        byte[] check = bytes("123456789");

        assertThat(Slots.crc16(check, 0, check.length)).isEqualTo(0x31C3);
        assertThat(Slots.slot(check)).isEqualTo(0x31C3 % 16384);
    }

    @Test
    void slot_matchesRedisClusterKeyslot() {
        // CLUSTER KEYSLOT answers from Redis 7
        assertThat(Slots.slot(bytes("foo"))).isEqualTo(12182);
        assertThat(Slots.slot(bytes("bar"))).isEqualTo(5061);
        assertThat(Slots.slot(bytes("hello"))).isEqualTo(866);
    }

    @Test
    void hashTag_relatedKeysShareASlot() {
        assertThat(Slots.slot(bytes("{user1000}.following"))).isEqualTo(Slots.slot(bytes("{user1000}.followers")))
                .isEqualTo(Slots.slot(bytes("user1000")));
    }

    @Test
    void hashTag_onlyTheFirstBracePairCounts_andEmptyTagsHashTheWholeKey() {
        assertThat(Slots.slot(bytes("foo{bar}{zap}"))).isEqualTo(Slots.slot(bytes("bar")));
        assertThat(Slots.slot(bytes("foo{}{bar}"))).isEqualTo(Slots.crc16(bytes("foo{}{bar}"), 0, 10) % 16384);
        assertThat(Slots.slot(bytes("foo{{bar}}zap"))).isEqualTo(Slots.slot(bytes("{bar")));
        assertThat(Slots.slot(bytes("foo{bar"))).isEqualTo(Slots.crc16(bytes("foo{bar"), 0, 7) % 16384);
    }

    @Test
    void slot_isAlwaysInRange() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(Slots.slot(bytes("key-" + i))).isBetween(0, Slots.COUNT - 1);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
