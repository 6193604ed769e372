package io.ringcache.node.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line split into options and operands. Options may come anywhere; {@code --}
 * ends them, so a value may start with {@code --}. A lone {@code -h} is {@code --help}; other
 * words starting with one dash are operands (a negative delta, say).
 */
final class CliArguments {

    private final Map<CliOption, String> options;
    private final List<String> operands;

    private CliArguments(Map<CliOption, String> options, List<String> operands) {
        this.options = options;
        this.operands = operands;
    }

    static CliArguments parse(String[] args) {
        Map<CliOption, String> options = new EnumMap<>(CliOption.class);
        List<String> operands = new ArrayList<>();
        boolean onlyOperands = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (onlyOperands || !arg.startsWith("-") || arg.equals("-") || !arg.startsWith("--") && !arg.equals("-h")) {
                operands.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyOperands = true;
                continue;
            }
            if (arg.equals("-h")) {
                options.put(CliOption.HELP, "");
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            CliOption option = CliOption.byName(name)
                    .orElseThrow(() -> new CliUsageException("unknown option --" + name + " (see --help)"));
            String value;
            if (!option.takesValue()) {
                if (eq > 0) {
                    throw new CliUsageException(option.flag() + " takes no value");
                }
                value = "";
            } else if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new CliUsageException(option.synopsis() + ": the value is missing");
            }
            if (options.put(option, value) != null) {
                throw new CliUsageException(option.flag() + " is given twice");
            }
        }
        return new CliArguments(Collections.unmodifiableMap(options), List.copyOf(operands));
    }

    boolean has(CliOption option) {
        return options.containsKey(option);
    }

    Optional<String> value(CliOption option) {
        return Optional.ofNullable(options.get(option));
    }

    /** The options given, for checking which a command accepts. */
    Iterable<CliOption> given() {
        return options.keySet();
    }

    List<String> operands() {
        return operands;
    }
}
