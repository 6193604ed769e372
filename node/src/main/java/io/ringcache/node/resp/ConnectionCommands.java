package io.ringcache.node.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.ringcache.node.resp.CommandTable.command;
import static io.ringcache.node.resp.CommandTable.container;

/** Connection commands: PING, ECHO, AUTH, HELLO, SELECT, QUIT, RESET, CLIENT, READONLY, READWRITE, ASKING. */
final class ConnectionCommands {

    /** The Redis version the endpoint speaks for: its replies and error wording are Redis 7.0's. */
    static final String REDIS_VERSION = "7.0.15";

    private final RespServerState state;

    ConnectionCommands(RespServerState state) {
        this.state = state;
    }

    void register(CommandTable.Builder table) {
        String connection = "@connection";
        table.add(command("ping", -1, "fast", 0, 0, 0, "@fast " + connection, "connection", "1.0.0",
                "Returns the server's liveliness response.", this::ping));
        table.add(command("echo", 2, "fast", 0, 0, 0, "@fast " + connection, "connection", "1.0.0",
                "Returns the given string.", call -> call.bulk(call.arg(1))));
        table.add(command("auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                "@fast " + connection, "connection", "1.0.0", "Authenticates the connection.", this::auth));
        table.add(command("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                "@fast " + connection, "connection", "6.0.0", "Handshakes with the Redis server.", this::hello));
        table.add(command("select", 2, "loading stale fast", 0, 0, 0, "@fast " + connection, "connection", "1.0.0",
                "Changes the selected database.", this::select));
        table.add(command("quit", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                "@fast " + connection, "connection", "1.0.0", "Closes the connection.", this::quit));
        table.add(command("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0,
                "@fast " + connection, "connection", "6.2.0", "Resets the connection.", this::reset));
        table.add(command("readonly", 1, "loading stale fast", 0, 0, 0, "@fast " + connection, "cluster", "3.0.0",
                "Enables read-only queries for a connection to a Redis Cluster replica node.", RespCall::ok));
        table.add(command("readwrite", 1, "loading stale fast", 0, 0, 0, "@fast " + connection, "cluster", "3.0.0",
                "Enables read-write queries for a connection to a Redis Cluster replica node.", RespCall::ok));
        table.add(command("asking", 1, "fast", 0, 0, 0, "@fast " + connection, "cluster", "3.0.0",
                "Signals that a cluster client is following an -ASK redirect.", RespCall::ok));
        table.add(container("client", -2, "connection", "2.4.0", "A container for client connection commands.", List.of(
                sub("client|setname", 3, "Sets the connection name.", this::setName),
                sub("client|getname", 2, "Returns the name of the connection.",
                        call -> call.bulk(call.session().name().isEmpty() ? null : call.session().name()
                                .getBytes(StandardCharsets.UTF_8))),
                sub("client|setinfo", 4, "Sets information specific to the client or connection.", this::setInfo),
                sub("client|id", 2, "Returns the unique client ID of the connection.",
                        call -> call.integerReply(call.session().id())),
                sub("client|info", 2, "Returns information about the connection.",
                        call -> call.reply(writer -> writer.verbatim(call.session().describe() + "\n"))),
                sub("client|list", -2, "Lists open connections.", this::list),
                sub("client|help", 2, "Returns helpful text about the different subcommands.",
                        call -> Help.reply(call, "CLIENT", "SETNAME <name>", "GETNAME", "SETINFO LIB-NAME|LIB-VER <value>",
                                "ID", "INFO", "LIST")))));
    }

    static CommandSpec sub(String name, int arity, String summary, CommandSpec.CommandHandler handler) {
        return command(name, arity, "loading stale", 0, 0, 0, "@slow @connection", "connection", "2.4.0", summary,
                handler);
    }

    private void ping(RespCall call) {
        if (call.argc() > 2) {
            throw new RespError(RespErrors.wrongArity("ping"));
        }
        if (call.argc() == 2) {
            call.bulk(call.arg(1));
        } else {
            call.reply(writer -> writer.simple("PONG"));
        }
    }

    private void auth(RespCall call) {
        if (call.argc() > 3) {
            throw RespError.syntax();
        }
        boolean withUser = call.argc() == 3;
        if (!state.auth().enabled()) {
            if (withUser && call.is(1, "default")) {
                call.ok(); // the default user has no password: Redis accepts any
            } else if (withUser) {
                call.error(RespErrors.WRONGPASS);
            } else {
                call.error(RespErrors.NO_PASSWORD);
            }
            return;
        }
        if (authenticate(call, withUser ? call.arg(1) : null, call.arg(withUser ? 2 : 1))) {
            call.ok();
        } else {
            call.error(RespErrors.WRONGPASS);
        }
    }

    /** Checks a user (null = default) and token; on success the connection is authenticated. */
    private boolean authenticate(RespCall call, byte[] user, byte[] token) {
        boolean defaultUser = user == null || "default".equals(new String(user, StandardCharsets.UTF_8));
        if (defaultUser && state.auth().acceptsToken(token)) {
            call.connection().authenticated();
            return true;
        }
        return false;
    }

    private void hello(RespCall call) {
        int protocol = call.session().resp3() ? 3 : 2;
        int next = 1;
        if (call.argc() >= 2) {
            Long version = RespNumbers.parseLong(call.arg(1));
            if (version == null) {
                throw new RespError("ERR Protocol version is not an integer or out of range");
            }
            if (version != 2 && version != 3) {
                throw new RespError(RespErrors.NOPROTO);
            }
            protocol = version.intValue();
            next = 2;
        }
        String name = null;
        boolean authenticatedHere = false;
        for (int i = next; i < call.argc(); i++) {
            int remaining = call.argc() - i - 1;
            if (call.is(i, "AUTH") && remaining >= 2) {
                boolean defaultUser = "default".equals(call.text(i + 1));
                if (!authenticate(call, call.arg(i + 1), call.arg(i + 2)) && (state.auth().enabled() || !defaultUser)) {
                    throw new RespError(RespErrors.WRONGPASS);
                }
                authenticatedHere = true;
                i += 2;
            } else if (call.is(i, "SETNAME") && remaining >= 1) {
                name = validName(call.text(i + 1));
                i += 1;
            } else {
                throw new RespError("ERR Syntax error in HELLO option '" + call.text(i) + "'");
            }
        }
        if (state.auth().enabled() && !call.session().authenticated() && !authenticatedHere) {
            throw new RespError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
                    + "RESP protocol version at the same time");
        }
        if (name != null) {
            call.session().name(name);
        }
        boolean resp3 = protocol == 3;
        call.session().resp3(resp3);
        call.resp3(resp3);
        int finalProtocol = protocol;
        call.reply(writer -> {
            writer.map(7);
            writer.bulk("server").bulk("redis");
            writer.bulk("version").bulk(REDIS_VERSION);
            writer.bulk("proto").integer(finalProtocol);
            writer.bulk("id").integer(call.session().id());
            writer.bulk("mode").bulk("cluster");
            writer.bulk("role").bulk("master");
            writer.bulk("modules").array(0);
        });
    }

    private void select(RespCall call) {
        long index = call.integerArg(1);
        String cache = index < 0 || index > Integer.MAX_VALUE ? null
                : state.config().resp().databases().get((int) index);
        if (cache == null) {
            throw new RespError(RespErrors.DB_OUT_OF_RANGE);
        }
        call.session().select((int) index, cache);
        call.ok();
    }

    private void quit(RespCall call) {
        call.connection().closeAfterReplies();
        call.ok();
    }

    private void reset(RespCall call) {
        RespSession session = call.session();
        session.resp3(false);
        call.resp3(false);
        session.select(0, state.config().resp().databases().get(0));
        session.name("");
        if (state.auth().enabled()) {
            call.connection().unauthenticated();
        }
        call.reply(writer -> writer.simple("RESET"));
    }

    private void setName(RespCall call) {
        call.session().name(validName(call.text(2)));
        call.ok();
    }

    private void setInfo(RespCall call) {
        String value = call.text(3);
        if (call.is(2, "LIB-NAME")) {
            if (value.contains(" ") || value.contains("\n")) {
                throw new RespError("ERR lib-name cannot contain spaces, newlines or special characters.");
            }
            call.session().library(value, null);
        } else if (call.is(2, "LIB-VER")) {
            call.session().library(null, value);
        } else {
            throw new RespError("ERR Unrecognized option '" + call.text(2) + "'");
        }
        call.ok();
    }

    private void list(RespCall call) {
        StringBuilder text = new StringBuilder();
        for (RespConnection connection : state.connections()) {
            text.append(connection.session().describe()).append('\n');
        }
        call.reply(writer -> writer.verbatim(text.toString()));
    }

    private static String validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                throw new RespError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return name;
    }
}
