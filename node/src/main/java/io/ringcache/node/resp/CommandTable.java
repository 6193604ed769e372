package io.ringcache.node.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every command the endpoint knows, by name; built once, read by every connection. */
final class CommandTable {

    private final Map<String, CommandSpec> byName;
    /** Open addressing by a case-folded hash of the name's bytes: a lookup per command allocates nothing. */
    private final CommandSpec[] slots;
    private final byte[][] slotNames;
    private final Map<String, Map<String, CommandSpec>> subcommands = new HashMap<>();

    CommandTable(Collection<CommandSpec> commands) {
        Map<String, CommandSpec> map = new HashMap<>();
        for (CommandSpec spec : commands) {
            if (map.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("command " + spec.name() + " defined twice");
            }
            if (!spec.subcommands().isEmpty()) {
                Map<String, CommandSpec> subs = new HashMap<>();
                spec.subcommands().forEach(sub -> subs.put(sub.name().substring(sub.name().indexOf('|') + 1), sub));
                subcommands.put(spec.name(), subs);
            }
        }
        this.byName = Map.copyOf(map);
        int capacity = Integer.highestOneBit(Math.max(16, map.size() * 4) - 1) << 1;
        this.slots = new CommandSpec[capacity];
        this.slotNames = new byte[capacity][];
        for (CommandSpec spec : map.values()) {
            byte[] name = ascii(spec.name());
            int slot = foldedHash(name) & (capacity - 1);
            while (slots[slot] != null) {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = spec;
            slotNames[slot] = name;
        }
    }

    private static int foldedHash(byte[] name) {
        int hash = 0;
        for (byte b : name) {
            hash = hash * 31 + (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        return hash ^ (hash >>> 16);
    }

    /** Whether {@code candidate} is {@code lowerName} in any letter case. */
    private static boolean sameName(byte[] lowerName, byte[] candidate) {
        if (lowerName.length != candidate.length) {
            return false;
        }
        for (int i = 0; i < candidate.length; i++) {
            byte b = candidate[i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** The command named by {@code name} in any letter case, or null. */
    CommandSpec find(byte[] name) {
        int mask = slots.length - 1;
        int slot = foldedHash(name) & mask;
        while (slots[slot] != null) {
            if (sameName(slotNames[slot], name)) {
                return slots[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    CommandSpec find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The subcommand of {@code parent} named {@code name} in any letter case, or null. */
    CommandSpec subcommand(CommandSpec parent, byte[] name) {
        Map<String, CommandSpec> subs = subcommands.get(parent.name());
        return subs == null || name.length > 64 ? null : subs.get(lowerAscii(name));
    }

    Collection<CommandSpec> all() {
        return byName.values();
    }

    int size() {
        return byName.size();
    }

    static String lowerAscii(byte[] name) {
        char[] chars = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xff;
            chars[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return new String(chars);
    }

    /** Builds specs tersely: {@code command("get", 2, "readonly fast", 1, 1, 1, "@read @string", ...)}. */
    static final class Builder {
        private final List<CommandSpec> commands = new ArrayList<>();

        Builder add(CommandSpec spec) {
            commands.add(spec);
            return this;
        }

        List<CommandSpec> build() {
            return List.copyOf(commands);
        }
    }

    /** A command with keys. */
    static CommandSpec command(String name, int arity, String flags, int firstKey, int lastKey, int step,
                              String categories, String group, String since, String summary,
                              CommandSpec.CommandHandler handler) {
        return new CommandSpec(name, arity, words(flags), firstKey, lastKey, step, words(categories), group, since,
                summary, List.of(), handler);
    }

    /** A command with subcommands; the parent's handler dispatches to them. */
    static CommandSpec container(String name, int arity, String group, String since, String summary,
                                 List<CommandSpec> subcommands) {
        return new CommandSpec(name, arity, Set.of(), 0, 0, 0, Set.of(), group, since, summary,
                List.copyOf(subcommands), null);
    }

    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return Set.copyOf(words).isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(words);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
