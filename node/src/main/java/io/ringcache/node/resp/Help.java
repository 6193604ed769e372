package io.ringcache.node.resp;

/** The reply of a {@code <COMMAND> HELP} subcommand: one status line per form, as Redis lists them. */
final class Help {

    private Help() {
    }

    static void reply(RespCall call, String command, String... lines) {
        call.reply(writer -> {
            writer.array(lines.length + 2);
            writer.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            for (String line : lines) {
                writer.simple(line);
            }
            writer.simple("HELP");
        });
    }
}
