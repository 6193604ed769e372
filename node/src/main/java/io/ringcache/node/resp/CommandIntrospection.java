package io.ringcache.node.resp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;


/**
 * {@code COMMAND} and its subcommands (COUNT, DOCS, INFO, GETKEYS, LIST), answered from the
 * command table itself. Cluster clients (redis-py, go-redis) read it to find each command's
 * keys, so what it says must be what the node does.
 */
final class CommandIntrospection {

    private volatile CommandTable table;

    /** Binds the table this introspects (it contains COMMAND itself, so it is built first). */
    void bind(CommandTable table) {
        this.table = table;
    }

    void register(CommandTable.Builder builder) {
        builder.add(CommandTable.command("command", -1, "loading stale", 0, 0, 0, "@slow @connection", "server", "2.8.13",
                "Returns detailed information about all commands.", this::introspect));
    }

    private void introspect(RespCall call) {
        if (call.argc() == 1) {
            List<CommandSpec> all = sorted(table.all());
            call.reply(writer -> {
                writer.array(all.size());
                all.forEach(spec -> entry(writer, spec));
            });
            return;
        }
        if (call.is(1, "COUNT") && call.argc() == 2) {
            call.integerReply(table.size());
        } else if (call.is(1, "LIST") && call.argc() == 2) {
            List<CommandSpec> all = sorted(table.all());
            call.reply(writer -> {
                writer.array(all.size());
                all.forEach(spec -> writer.bulk(spec.name()));
            });
        } else if (call.is(1, "INFO")) {
            List<CommandSpec> specs = new ArrayList<>();
            if (call.argc() == 2) {
                specs.addAll(sorted(table.all()));
            } else {
                for (int i = 2; i < call.argc(); i++) {
                    specs.add(table.find(call.arg(i)));
                }
            }
            call.reply(writer -> {
                writer.array(specs.size());
                for (CommandSpec spec : specs) {
                    if (spec == null) {
                        writer.nilArray();
                    } else {
                        entry(writer, spec);
                    }
                }
            });
        } else if (call.is(1, "DOCS")) {
            List<CommandSpec> specs = new ArrayList<>();
            if (call.argc() == 2) {
                specs.addAll(sorted(table.all()));
            } else {
                for (int i = 2; i < call.argc(); i++) {
                    CommandSpec spec = table.find(call.arg(i));
                    if (spec != null) {
                        specs.add(spec);
                    }
                }
            }
            call.reply(writer -> {
                writer.map(specs.size());
                specs.forEach(spec -> docs(writer, spec));
            });
        } else if (call.is(1, "GETKEYS") && call.argc() >= 3) {
            getKeys(call);
        } else if (call.is(1, "HELP") && call.argc() == 2) {
            Help.reply(call, "COMMAND", "(no subcommand)", "COUNT", "DOCS [<command-name> ...]",
                    "GETKEYS <full-command>", "INFO [<command-name> ...]", "LIST");
        } else {
            throw new RespError(RespErrors.unknownSubcommand("command", call.arg(1)));
        }
    }

    private void getKeys(RespCall call) {
        CommandSpec spec = table.find(call.arg(2));
        if (spec == null) {
            throw new RespError("ERR Invalid command specified");
        }
        int argc = call.argc() - 2;
        if (!spec.arityAllows(argc)) {
            throw new RespError("ERR Invalid number of arguments specified for command");
        }
        int[] positions = spec.keyPositions(argc);
        if (positions.length == 0) {
            throw new RespError("ERR The command has no key arguments");
        }
        call.reply(writer -> {
            writer.array(positions.length);
            for (int position : positions) {
                writer.bulk(call.arg(position + 2));
            }
        });
    }

    private static List<CommandSpec> sorted(Collection<CommandSpec> specs) {
        List<CommandSpec> list = new ArrayList<>(specs);
        list.sort(Comparator.comparing(CommandSpec::name));
        return list;
    }

    /** One command as Redis 7's COMMAND INFO describes it: ten fields. */
    private static void entry(RespWriter writer, CommandSpec spec) {
        writer.array(10);
        writer.bulk(spec.name());
        writer.integer(spec.arity());
        writer.set(spec.flags().size());
        spec.flags().forEach(writer::simple);
        writer.integer(spec.firstKey());
        writer.integer(spec.lastKey());
        writer.integer(spec.step());
        writer.set(spec.categories().size());
        spec.categories().forEach(writer::simple);
        writer.set(0); // tips
        keySpecs(writer, spec);
        writer.array(spec.subcommands().size());
        spec.subcommands().forEach(sub -> entry(writer, sub));
    }

    /** The key specification Redis 7 gives for a range of keys at fixed positions. */
    private static void keySpecs(RespWriter writer, CommandSpec spec) {
        if (spec.firstKey() <= 0) {
            writer.array(0);
            return;
        }
        writer.array(1);
        writer.map(3);
        writer.bulk("flags");
        writer.set(1);
        writer.simple(spec.flags().contains("write") ? "RW" : "RO");
        writer.bulk("begin_search");
        writer.map(2);
        writer.bulk("type").bulk("index");
        writer.bulk("spec").map(1).bulk("index").integer(spec.firstKey());
        writer.bulk("find_keys");
        writer.map(2);
        writer.bulk("type").bulk("range");
        writer.bulk("spec").map(3)
                .bulk("lastkey").integer(spec.lastKey() < 0 ? spec.lastKey() : spec.lastKey() - spec.firstKey())
                .bulk("keystep").integer(spec.step())
                .bulk("limit").integer(0);
    }

    private static void docs(RespWriter writer, CommandSpec spec) {
        writer.bulk(spec.name());
        boolean hasSubcommands = !spec.subcommands().isEmpty();
        writer.map(hasSubcommands ? 4 : 3);
        writer.bulk("summary").bulk(spec.summary());
        writer.bulk("since").bulk(spec.since());
        writer.bulk("group").bulk(spec.group());
        if (hasSubcommands) {
            writer.bulk("subcommands");
            writer.map(spec.subcommands().size());
            spec.subcommands().forEach(sub -> docs(writer, sub));
        }
    }
}
