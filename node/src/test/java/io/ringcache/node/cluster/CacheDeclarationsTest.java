package io.ringcache.node.cluster;

import io.ringcache.node.config.CacheSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CacheDeclarationsTest {

    private static final CacheSettings DEFAULT = CacheSettings.unlimited("default", 1);
    private static final CacheSettings SESSIONS = new CacheSettings("sessions", Duration.ofSeconds(2),
            Duration.ofMinutes(5), 1000, 0, CacheSettings.Eviction.LRU, 2, 1, true, false, Duration.ZERO);

    @Test
    void encode_decode_roundTripsEveryCacheWithItsSettings() {
        Map<String, String> decoded = CacheDeclarations.decode(CacheDeclarations.encode(List.of(DEFAULT, SESSIONS)));

        assertThat(decoded).containsOnlyKeys("default", "sessions");
        assertThat(decoded.get("sessions")).isEqualTo("default-ttl=2s max-idle=5m max-entries-per-node=1000 "
                + "max-heap-per-node=0mb eviction=LRU backups=2 async-backups=1 read-from-backup=true");
    }

    @Test
    void compare_alikeDeclarations_findsNothing() {
        assertThat(CacheDeclarations.compare(members(List.of(DEFAULT, SESSIONS), List.of(DEFAULT, SESSIONS))))
                .isEmpty();
    }

    @Test
    void compare_aCacheSomeMembersLack_namesWhoDeclaresItAndWhoNot() {
        List<CacheDeclarations.Mismatch> mismatches = CacheDeclarations.compare(
                members(List.of(DEFAULT, SESSIONS), List.of(DEFAULT), List.of(DEFAULT, SESSIONS)));

        assertThat(mismatches).hasSize(1);
        CacheDeclarations.Mismatch sessions = mismatches.get(0);
        assertThat(sessions.declared()).containsOnlyKeys("m0", "m2");
        assertThat(sessions.missingOn()).containsExactly("m1");
        assertThat(sessions.describe()).startsWith("'sessions' declared on m0 (default-ttl=2s").endsWith(" but not on m1");
    }

    @Test
    void compare_differentSettings_showsEachMembersSettings() {
        CacheSettings longerTtl = new CacheSettings("sessions", Duration.ofSeconds(30), Duration.ofMinutes(5), 1000,
                0, CacheSettings.Eviction.LRU, 2, 1, true, false, Duration.ZERO);

        List<CacheDeclarations.Mismatch> mismatches = CacheDeclarations.compare(
                members(List.of(DEFAULT, SESSIONS), List.of(DEFAULT, longerTtl)));

        assertThat(mismatches).singleElement().satisfies(m -> {
            assertThat(m.missingOn()).isEmpty();
            assertThat(m.declared().get("m1")).startsWith("default-ttl=30s ");
            assertThat(m.describe()).startsWith("'sessions' has different settings: m0 (default-ttl=2s");
        });
    }

    @Test
    void compare_differentBackupsOnDefault_isAMismatchToo() {
        assertThat(CacheDeclarations.compare(members(List.of(DEFAULT), List.of(CacheSettings.unlimited("default", 2)))))
                .extracting(CacheDeclarations.Mismatch::cache).containsExactly("default");
    }

    @Test
    void settings_nameTheLaterSettingsOnlyWhenOn_soMembersFromBeforeThemStillAgree() {
        CacheSettings ledger = new CacheSettings("ledger", Duration.ZERO, Duration.ZERO, 0, 0,
                CacheSettings.Eviction.NONE, 1, 0, false, true, Duration.ofSeconds(60));

        assertThat(CacheDeclarations.settings(CacheSettings.unlimited("default", 1)))
                .doesNotContain("linearizable-reads").doesNotContain("lost-partition-fence");
        assertThat(CacheDeclarations.settings(ledger)).endsWith(" linearizable-reads=true lost-partition-fence=1m");
    }

    @SafeVarargs
    private static Map<String, Map<String, String>> members(List<CacheSettings>... declarations) {
        Map<String, Map<String, String>> byMember = new LinkedHashMap<>();
        for (int i = 0; i < declarations.length; i++) {
            byMember.put("m" + i, CacheDeclarations.decode(CacheDeclarations.encode(declarations[i])));
        }
        return byMember;
    }
}
