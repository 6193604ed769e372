package io.ringcache.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheSettingsTest {

    @TempDir
    Path dir;

    @Test
    void noCachesSection_givesAnUnlimitedDefaultCache() {
        NodeConfig config = ConfigLoader.load(new String[]{"--backups=2"}, Map.of());

        assertThat(config.caches()).containsOnlyKeys("default");
        CacheSettings settings = config.caches().get("default");
        assertThat(settings.isBounded()).isFalse();
        assertThat(settings.eviction()).isEqualTo(CacheSettings.Eviction.NONE);
        assertThat(settings.backups()).isEqualTo(2);
    }

    @Test
    void declaredCaches_areReadWithEverySetting() throws IOException {
        NodeConfig config = load("""
                caches:
                  sessions:
                    default-ttl: 30m
                    max-idle: 10m
                    max-entries-per-node: 100000
                    eviction: lfu
                    backups: 2
                    async-backups: 1
                    read-from-backup: true
                  blobs:
                    max-heap-per-node: 2gb
                  counters: {}
                  ledger:
                    linearizable-reads: true
                    lost-partition-fence: 60s
                """);

        assertThat(config.caches()).containsOnlyKeys("default", "sessions", "blobs", "counters", "ledger");
        CacheSettings sessions = config.caches().get("sessions");
        assertThat(sessions.defaultTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(sessions.maxIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(sessions.maxEntriesPerNode()).isEqualTo(100_000);
        assertThat(sessions.eviction()).isEqualTo(CacheSettings.Eviction.LFU);
        assertThat(sessions.backups()).isEqualTo(2);
        assertThat(sessions.asyncBackups()).isEqualTo(1);
        assertThat(sessions.readFromBackup()).isTrue();
        assertThat(sessions.linearizableReads()).isFalse();
        assertThat(config.caches().get("ledger").linearizableReads()).isTrue();
        assertThat(sessions.fencesLostPartitions()).as("no fence unless declared").isFalse();
        assertThat(config.caches().get("ledger").lostPartitionFence()).isEqualTo(Duration.ofSeconds(60));
        CacheSettings blobs = config.caches().get("blobs");
        assertThat(blobs.maxHeapPerNodeMb()).isEqualTo(2048);
        assertThat(blobs.eviction()).as("a limit without a policy evicts LRU").isEqualTo(CacheSettings.Eviction.LRU);
        assertThat(config.caches().get("counters").isBounded()).isFalse();
    }

    @Test
    void badCacheSettings_failNamingTheCacheAndSetting() {
        assertFails("caches:\n  s:\n    eviction: LRU\n", "caches.s.eviction", "needs a limit");
        assertFails("caches:\n  s:\n    eviction: RANDOM\n    max-entries-per-node: 5\n", "caches.s.eviction", "RANDOM");
        assertFails("caches:\n  s:\n    max-entries-per-node: 5\n    max-heap-per-node: 1mb\n", "caches.s", "not both");
        assertFails("caches:\n  s:\n    backups: 4\n    async-backups: 3\n", "caches.s", "at most 6");
        assertFails("caches:\n  s:\n    max-heap-per-node: lots\n", "caches.s.max-heap-per-node", "lots");
        assertFails("caches:\n  s:\n    ttl: 5s\n", "caches.s", "unknown setting 'ttl'");
        assertFails("caches:\n  'bad name!': {}\n", "bad name!", "not a cache name");
        assertFails("caches:\n  s:\n    read-from-backup: maybe\n", "caches.s.read-from-backup", "maybe");
        assertFails("caches:\n  s:\n    read-from-backup: true\n    linearizable-reads: true\n", "caches.s",
                "not both");
        assertFails("caches:\n  s:\n    lost-partition-fence: 2h\n", "caches.s.lost-partition-fence",
                "at most 1h");
        assertFails("caches:\n  s:\n    lost-partition-fence: soon\n", "caches.s.lost-partition-fence", "soon");
    }

    @Test
    void maxIdle_isWholeSeconds_becauseHazelcastTracksIdleTimeInSeconds() throws IOException {
        assertFails("caches:\n  s:\n    max-idle: 500ms\n", "caches.s.max-idle", "'500ms' must be whole seconds");
        assertFails("caches:\n  s:\n    max-idle: 1500ms\n", "caches.s.max-idle", "whole seconds");

        assertThat(load("caches:\n  s:\n    max-idle: 2000ms\n").caches().get("s").maxIdle())
                .isEqualTo(Duration.ofSeconds(2));
        // default-ttl is kept by the node itself, in milliseconds.
        assertThat(load("caches:\n  s:\n    default-ttl: 500ms\n").caches().get("s").defaultTtl())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void numbersTooLarge_nameTheirRange() {
        assertFails("caches:\n  s:\n    max-entries-per-node: 99999999999\n", "caches.s.max-entries-per-node",
                "must be between 0 and 2147483647");
        assertFails("caches:\n  s:\n    backups: 99999999999999999999\n", "caches.s.backups", "must be between 0 and 6");
        assertFails("caches:\n  s:\n    max-heap-per-node: 99999999999gb\n", "caches.s.max-heap-per-node",
                "must be between 1mb and");
        assertFails("caches:\n  s:\n    default-ttl: 99999999999999999h\n", "caches.s.default-ttl", "at most 3650 days");
        assertFails("caches:\n  s:\n    max-entries-per-node: many\n", "caches.s.max-entries-per-node",
                "is not a whole number");
    }

    private void assertFails(String yaml, String... parts) {
        var failure = assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class);
        for (String part : parts) {
            failure.hasMessageContaining(part);
        }
    }

    private NodeConfig load(String yaml) throws IOException {
        Path file = dir.resolve("ringcache-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(new String[]{"--config=" + file}, Map.of());
    }
}
