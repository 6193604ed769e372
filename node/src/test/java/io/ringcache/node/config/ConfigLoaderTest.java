package io.ringcache.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void load_noSources_givesDocumentedDefaults() {
        NodeConfig config = ConfigLoader.load(new String[0], Map.of());

        assertThat(config.grpcPort()).isEqualTo(7070);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.hazelcastPort()).isEqualTo(5701);
        assertThat(config.clusterName()).isEqualTo("ringcache");
        assertThat(config.join().mode()).isEqualTo(JoinSpec.Mode.ALONE);
        assertThat(config.backups()).isEqualTo(1);
        assertThat(config.partitionCount()).isEqualTo(271);
        assertThat(config.maxKeyBytes()).isEqualTo(64 * 1024);
        assertThat(config.maxValueBytes()).isEqualTo(1024 * 1024);
        assertThat(config.memberTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void load_everySource_flagBeatsEnvBeatsFileBeatsDefault() throws IOException {
        Path file = dir.resolve("ringcache.yaml");
        Files.writeString(file, "grpc-port: 1001\nhttp-port: 1002\nhazelcast-port: 1003\n");
        Map<String, String> env = Map.of(
                "RINGCACHE_CONFIG", file.toString(),
                "RINGCACHE_GRPC_PORT", "2001",
                "RINGCACHE_HTTP_PORT", "2002");

        NodeConfig config = ConfigLoader.load(new String[]{"--grpc-port=3001"}, env);

        assertThat(config.grpcPort()).isEqualTo(3001);
        assertThat(config.httpPort()).isEqualTo(2002);
        assertThat(config.hazelcastPort()).isEqualTo(1003);
        assertThat(config.backups()).isEqualTo(1);
    }

    @Test
    void load_pinnedEnvironmentNames_areRead() {
        Map<String, String> env = Map.of(
                "RINGCACHE_GRPC_PORT", "7001",
                "RINGCACHE_HTTP_PORT", "7002",
                "RINGCACHE_HAZELCAST_PORT", "7003",
                "RINGCACHE_CLUSTER_NAME", "prod",
                "RINGCACHE_JOIN", "dns:node",
                "RINGCACHE_ADVERTISE_HOST", "10.1.2.3",
                "RINGCACHE_BACKUPS", "2");

        NodeConfig config = ConfigLoader.load(new String[0], env);

        assertThat(List.of(config.grpcPort(), config.httpPort(), config.hazelcastPort(), config.backups()))
                .containsExactly(7001, 7002, 7003, 2);
        assertThat(config.clusterName()).isEqualTo("prod");
        assertThat(config.advertiseHost()).isEqualTo("10.1.2.3");
        assertThat(config.join()).isEqualTo(new JoinSpec(JoinSpec.Mode.DNS, List.of(), "node", 7003));
    }

    @Test
    void load_flagWithSeparateValue_isRead() {
        assertThat(ConfigLoader.load(new String[]{"--backups", "0"}, Map.of()).backups()).isZero();
    }

    @Test
    void joinSpec_staticList_fillsInDefaultPort() {
        JoinSpec join = JoinSpec.parse("10.0.0.1:5801, node-b ,node-c:5702", 5701);

        assertThat(join.mode()).isEqualTo(JoinSpec.Mode.STATIC);
        assertThat(join.members()).containsExactly("10.0.0.1:5801", "node-b:5701", "node-c:5702");
    }

    @Test
    void joinSpec_dnsWithPort_isParsed() {
        assertThat(JoinSpec.parse("dns:ringcache-headless.default.svc:5801", 5701))
                .isEqualTo(new JoinSpec(JoinSpec.Mode.DNS, List.of(), "ringcache-headless.default.svc", 5801));
    }

    @Test
    void load_badValues_failWithTheSettingAndValueNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--grpc-port=70000"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grpc-port").hasMessageContaining("70000");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("RINGCACHE_BACKUPS", "seven")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backups").hasMessageContaining("seven");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--backups=7"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 0 and 6");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--partition-count=16385"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("partition-count")
                .hasMessageContaining("between 1 and 16384");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--member-timeout=fast"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("member-timeout");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--join=host:notaport"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notaport");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--no-such-thing=1"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no-such-thing");
    }

    @Test
    void load_numberTooLargeForAnyType_namesTheRangeNotTheFormat() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--max-request-bytes=99999999999"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("max-request-bytes: '99999999999' must be between 1024 and 2147483647");
        for (String setting : List.of("grpc-port", "http-port", "resp-port", "hazelcast-port", "grpc-event-loops",
                "resp-event-loops", "resp-max-in-flight", "backups", "partition-count", "max-key-bytes",
                "max-value-bytes", "max-batch-keys", "heap-write-limit")) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--" + setting + "=99999999999999999999"}, Map.of()))
                    .as(setting).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(setting + ": '99999999999999999999' must be between");
        }
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--backups=-99999999999"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be between 0 and 6");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--member-timeout=99999999999999999s"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("member-timeout")
                .hasMessageContaining("must be between 2s and 5m");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--split-brain-protection=99999999999"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 2 and 1000 members");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-databases=99999999999=default"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("indexes are 0-1023");
        // Text is still "not a whole number".
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--max-request-bytes=4MB"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("max-request-bytes: '4MB' is not a whole number");
    }

    @Test
    void load_missingConfigFile_saysNoSuchFile() {
        Path missing = dir.resolve("nowhere.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--config=" + missing}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config: cannot read '" + missing + "': no such file");
    }

    @Test
    void load_portsThatClash_fail() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--grpc-port=8080"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must all differ");
    }

    @Test
    void load_emptyEnvironmentVariable_countsAsUnset() throws IOException {
        Path file = dir.resolve("ringcache.yaml");
        Files.writeString(file, "join: 10.0.0.1:5701\n");

        NodeConfig config = ConfigLoader.load(new String[0],
                Map.of("RINGCACHE_CONFIG", file.toString(), "RINGCACHE_JOIN", ""));

        assertThat(config.join().members()).containsExactly("10.0.0.1:5701");
    }

    @Test
    void load_fileScalars_areReadAsText() throws IOException {
        Path file = dir.resolve("ringcache.yaml");
        Files.writeString(file, "cluster-name: on\ngrpc-port: 07070\n");

        NodeConfig config = ConfigLoader.load(new String[]{"--config=" + file}, Map.of());

        assertThat(config.clusterName()).isEqualTo("on");
        assertThat(config.grpcPort()).isEqualTo(7070);
    }

    @Test
    void load_outOfRangeDurationsAndEmptyJoinList_fail() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--shutdown-timeout=999999999h"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("shutdown-timeout");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--join=,"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no member");
    }

    @Test
    void load_fileWithUnknownKey_failsNamingIt() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "grpc-prot: 1\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--config=" + file}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grpc-prot");
    }

    @Test
    void load_fileThatIsNotYaml_failsClearly() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "grpc-port: [1,\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--config=" + file}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void resp_defaults_port6379_database0IsDefault_serve_1024InFlight() {
        RespSettings resp = ConfigLoader.load(new String[0], Map.of()).resp();

        assertThat(resp.port()).isEqualTo(6379);
        assertThat(resp.enabled()).isTrue();
        assertThat(resp.databases()).containsExactly(Map.entry(0, "default"));
        assertThat(resp.redirect()).isEqualTo(RespSettings.Redirect.SERVE);
        assertThat(resp.maxInFlight()).isEqualTo(1024);
    }

    @Test
    void respPort_isReadFromEverySource_andOffDisablesIt() {
        assertThat(ConfigLoader.load(new String[0], Map.of("RINGCACHE_RESP_PORT", "6380")).resp().port()).isEqualTo(6380);
        assertThat(ConfigLoader.load(new String[]{"--resp-port=7379"}, Map.of("RINGCACHE_RESP_PORT", "6380")).resp().port())
                .isEqualTo(7379);
        for (String off : List.of("off", "OFF", " Off ")) {
            RespSettings resp = ConfigLoader.load(new String[]{"--resp-port=" + off}, Map.of()).resp();
            assertThat(resp.enabled()).as(off).isFalse();
            assertThat(resp.port()).isZero();
        }
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-port=70000"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("resp-port").hasMessageContaining("70000");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-port=no"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("resp-port").hasMessageContaining("'no'");
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-port=0"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("resp-port");
    }

    @Test
    void respPort_clashingWithAnotherPort_fails_unlessOff() {
        for (String clash : List.of("--resp-port=7070", "--resp-port=8080", "--resp-port=5701")) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{clash}, Map.of())).as(clash)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("must all differ")
                    .hasMessageContaining("resp-port (" + clash.substring(clash.indexOf('=') + 1) + ")");
        }
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--grpc-port=6379"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must all differ");
        assertThat(ConfigLoader.load(new String[]{"--resp-port=off", "--grpc-port=6379"}, Map.of()).grpcPort())
                .isEqualTo(6379);
    }

    @Test
    void respDatabases_mapIndexesToConfiguredCaches() throws IOException {
        Path file = dir.resolve("caches.yaml");
        Files.writeString(file, "caches:\n  sessions: {}\n  other: {}\n");

        RespSettings resp = ConfigLoader.load(new String[]{"--config=" + file,
                "--resp-databases= 1=sessions , 15=other"}, Map.of()).resp();
        assertThat(resp.databases()).containsExactly(Map.entry(0, "default"), Map.entry(1, "sessions"),
                Map.entry(15, "other"));
        assertThat(ConfigLoader.load(new String[]{"--config=" + file, "--resp-databases=0=sessions"}, Map.of())
                .resp().databases()).containsExactly(Map.entry(0, "sessions"));
        assertThat(ConfigLoader.load(new String[]{"--resp-databases="}, Map.of()).resp().databases())
                .containsExactly(Map.entry(0, "default"));
    }

    @Test
    void respDatabases_badForms_failNamingTheSetting() {
        for (String bad : List.of("1", "1=", "=default", "x=default", "-1=default", "1024=default",
                "1=default,1=default", "1=default;2=default")) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-databases=" + bad}, Map.of())).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("resp-databases");
        }
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-databases=0=default,1=nope"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("resp-databases")
                .hasMessageContaining("database 1").hasMessageContaining("'nope'").hasMessageContaining("not configured");
    }

    @Test
    void respRedirect_isServeOrMoved() {
        assertThat(ConfigLoader.load(new String[]{"--resp-redirect=moved"}, Map.of()).resp().redirect())
                .isEqualTo(RespSettings.Redirect.MOVED);
        assertThat(ConfigLoader.load(new String[0], Map.of("RINGCACHE_RESP_REDIRECT", "MOVED")).resp().redirect())
                .isEqualTo(RespSettings.Redirect.MOVED);
        assertThat(ConfigLoader.load(new String[]{"--resp-redirect=serve"}, Map.of()).resp().redirect())
                .isEqualTo(RespSettings.Redirect.SERVE);
        assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-redirect=ask"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("resp-redirect").hasMessageContaining("'ask'");
    }

    @Test
    void respMaxInFlight_isBounded() {
        assertThat(ConfigLoader.load(new String[]{"--resp-max-in-flight=1"}, Map.of()).resp().maxInFlight()).isEqualTo(1);
        assertThat(ConfigLoader.load(new String[0], Map.of("RINGCACHE_RESP_MAX_IN_FLIGHT", "64")).resp().maxInFlight())
                .isEqualTo(64);
        for (String bad : List.of("0", "-1", "1000001", "many")) {
            assertThatThrownBy(() -> ConfigLoader.load(new String[]{"--resp-max-in-flight=" + bad}, Map.of())).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("resp-max-in-flight");
        }
    }

    @Test
    void settings_everyEnvironmentNameIsDistinctAndPrefixed() {
        assertThat(Settings.ALL).extracting(Setting::envName).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("RINGCACHE_"));
        assertThat(Settings.byEnvName("RINGCACHE_JOIN")).contains(Settings.JOIN);
    }
}
