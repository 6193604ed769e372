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
}
