package io.ringcache.node.resp;

import java.util.List;
import java.util.Set;

/**
 * One command as Redis's {@code COMMAND} describes it, and the code that runs it. The table of
 * these is data: {@code COMMAND}, {@code COMMAND DOCS}, arity checks and key extraction all
 * read it, so what the node answers about a command is what it does.
 *
 * @param name        lower-case name
 * @param arity       argument count including the name; negative = at least that many
 * @param flags       Redis's command flags ({@code readonly}, {@code write}, {@code fast}, ...)
 * @param firstKey    position of the first key argument, 0 = none
 * @param lastKey     position of the last key, negative counts from the end
 * @param step        distance between keys
 * @param categories  ACL categories, e.g. {@code @string}
 * @param group       the documentation group ({@code string}, {@code generic}, ...)
 * @param since       the Redis version that introduced it
 * @param summary     one line for {@code COMMAND DOCS}
 * @param subcommands subcommands (CLIENT SETNAME, CLUSTER SLOTS, ...), named {@code parent|sub}
 * @param handler     what runs it; null for a container of subcommands
 */
record CommandSpec(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                   Set<String> categories, String group, String since, String summary,
                   List<CommandSpec> subcommands, CommandHandler handler) {

    /** What a command does when called. */
    @FunctionalInterface
    interface CommandHandler {
        /** Runs the command and answers through {@code call}, now or later; may throw {@link RespError}. */
        void handle(RespCall call);
    }

    /** Whether {@code argc} arguments (the name included) fit the arity. */
    boolean arityAllows(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Runs without authentication (AUTH, HELLO, QUIT, RESET). */
    boolean noAuth() {
        return flags.contains("no_auth");
    }

    /** The key positions in a call with {@code argc} arguments, as COMMAND GETKEYS reports them. */
    int[] keyPositions(int argc) {
        if (firstKey <= 0) {
            return new int[0];
        }
        int last = lastKey >= 0 ? lastKey : argc + lastKey;
        if (last >= argc) {
            last = argc - 1;
        }
        int count = last < firstKey ? 0 : (last - firstKey) / step + 1;
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = firstKey + i * step;
        }
        return positions;
    }
}
