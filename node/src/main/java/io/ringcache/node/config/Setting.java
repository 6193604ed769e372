package io.ringcache.node.config;

import java.util.Locale;

/**
 * One configurable setting: its name (a {@code --flag} and a config-file key), its
 * environment variable, its default and what it means.
 *
 * @param name         kebab-case name, used as {@code --name} and as the config-file key
 * @param defaultValue the value when no source sets it, as text
 * @param description  one line for {@code --help} and the README
 */
public record Setting(String name, String defaultValue, String description) {

    /** The environment variable for this setting: {@code RINGCACHE_} and the upper-snake name. */
    public String envName() {
        return "RINGCACHE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The command-line flag for this setting. */
    public String flag() {
        return "--" + name;
    }
}
