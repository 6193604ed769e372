package io.ringcache.node;

import io.ringcache.node.config.Setting;
import io.ringcache.node.config.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void help_listsEverySettingWithItsVariableAndDefault() {
        String help = Main.help();

        for (Setting setting : Settings.ALL) {
            assertThat(help).contains(setting.flag()).contains(setting.envName());
        }
        assertThat(help).contains("default: 7070").contains("default: 5701");
    }

    @Test
    void help_alignsItsColumns_andKeepsLinesShort() {
        String[] lines = Main.help().split("\\R");
        int envColumn = -1;
        int defaultColumn = -1;
        int settingLines = 0;
        for (String line : lines) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
            if (line.startsWith("  --")) {
                settingLines++;
                if (envColumn < 0) {
                    envColumn = line.indexOf("RINGCACHE_");
                    defaultColumn = line.indexOf("default: ");
                }
                assertThat(line.indexOf("RINGCACHE_")).as(line).isEqualTo(envColumn);
                assertThat(line.indexOf("default: ")).as(line).isEqualTo(defaultColumn);
            }
        }
        assertThat(settingLines).isEqualTo(Settings.ALL.size());
    }

    @Test
    void help_httpPort_namesEverythingItServes() {
        assertThat(Settings.HTTP_PORT.description()).contains("/health").contains("/v1").contains("/metrics");
    }
}
