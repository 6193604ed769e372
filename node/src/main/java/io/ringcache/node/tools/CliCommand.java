package io.ringcache.node.tools;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The CLI's commands: what each takes, and its line in the usage text. */
enum CliCommand {
    GET("get", "KEY", "print the value (exit 1 when missing)", 1, 1),
    INSPECT("inspect", "KEY", "version, TTL, size, slot, owner and backups of a key", 1, 1),
    PUT("put", "KEY VALUE", "write; --ttl, --if-absent, --if-present or --if-version N (exit 1 when a condition fails)",
            2, 2, CliOption.TTL, CliOption.IF_ABSENT, CliOption.IF_PRESENT, CliOption.IF_VERSION),
    DELETE("delete", "KEY", "remove; --if-version N removes only that version (exit 1 when nothing was removed)", 1, 1,
            CliOption.IF_VERSION),
    INCR("incr", "KEY [DELTA]", "add DELTA (default 1) atomically, print the new value; --initial N, --ttl", 1, 2,
            CliOption.INITIAL, CliOption.TTL),
    TOUCH("touch", "KEY", "set a new --ttl without changing value or version (exit 1 when missing)", 1, 1,
            CliOption.TTL),
    MGET("mget", "KEY...", "print each value, (nil) where missing", 1, Integer.MAX_VALUE),
    MSET("mset", "KEY VALUE [KEY VALUE...]", "write several keys; --ttl", 2, Integer.MAX_VALUE, CliOption.TTL),
    MDELETE("mdelete", "KEY...", "remove several keys, print how many existed", 1, Integer.MAX_VALUE),
    TOPOLOGY("topology", "", "the cluster as the node sees it: members, endpoints, slots owned and backed up", 0, 0);

    /** Options every command takes. */
    static final Set<CliOption> COMMON = EnumSet.of(CliOption.HELP, CliOption.CACHE, CliOption.TIMEOUT,
            CliOption.TOKEN, CliOption.TOKEN_FILE, CliOption.TLS, CliOption.TLS_CA, CliOption.TLS_CERT,
            CliOption.TLS_KEY);

    private final String word;
    private final String operandsSynopsis;
    private final String description;
    private final int minOperands;
    private final int maxOperands;
    private final Set<CliOption> ownOptions;

    CliCommand(String word, String operandsSynopsis, String description, int minOperands, int maxOperands,
               CliOption... ownOptions) {
        this.word = word;
        this.operandsSynopsis = operandsSynopsis;
        this.description = description;
        this.minOperands = minOperands;
        this.maxOperands = maxOperands;
        this.ownOptions = ownOptions.length == 0 ? EnumSet.noneOf(CliOption.class) : EnumSet.of(ownOptions[0], ownOptions);
    }

    static Optional<CliCommand> byWord(String word) {
        return Arrays.stream(values()).filter(command -> command.word.equals(word)).findFirst();
    }

    String word() {
        return word;
    }

    String synopsis() {
        return operandsSynopsis.isEmpty() ? word : word + " " + operandsSynopsis;
    }

    String description() {
        return description;
    }

    /** Checks the operand count and that every option given applies to this command. */
    void check(CliArguments arguments, int operands) {
        if (operands < minOperands || operands > maxOperands || this == MSET && operands % 2 != 0) {
            throw new CliUsageException("usage: " + synopsis() + " (see --help)");
        }
        for (CliOption option : arguments.given()) {
            if (!COMMON.contains(option) && !ownOptions.contains(option)) {
                throw new CliUsageException(option.flag() + " does not apply to " + word + " (see --help)");
            }
        }
    }
}
