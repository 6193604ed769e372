package io.ringcache.node;

import io.ringcache.node.config.Setting;
import io.ringcache.node.config.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's settings table says what the node really reads. */
class ReadmeTest {

    @Test
    void settingsTable_listsEverySettingWithItsVariableAndDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (Setting setting : Settings.ALL) {
            String defaultCell = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            assertThat(readme).as("README row for %s", setting.name())
                    .contains("| `" + setting.flag() + "` | `" + setting.envName() + "` | " + defaultCell + " |");
        }
    }
}
