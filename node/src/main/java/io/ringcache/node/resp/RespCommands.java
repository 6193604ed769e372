package io.ringcache.node.resp;

/** The endpoint's whole command table, from each group of commands. */
final class RespCommands {

    private RespCommands() {
    }

    static CommandTable table(RespServerState state) {
        CommandTable.Builder builder = new CommandTable.Builder();
        new ConnectionCommands(state).register(builder);
        new StringCommands(state).register(builder);
        new KeyCommands(state).register(builder);
        new ClusterCommands(state).register(builder);
        CommandIntrospection introspection = new CommandIntrospection();
        new ServerCommands(state, introspection).register(builder);
        CommandTable table = new CommandTable(builder.build());
        introspection.bind(table);
        return table;
    }
}
