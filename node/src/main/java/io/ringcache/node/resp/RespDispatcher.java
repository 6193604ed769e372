package io.ringcache.node.resp;

import io.ringcache.node.metrics.ProtocolMetrics;

/**
 * Finds a call's command and runs it, after the checks every command meets in the same order
 * as Redis: known command, arity, authentication, then (with {@code resp-redirect=moved}) key
 * ownership. Whatever a handler throws becomes its error reply; the connection keeps serving.
 */
final class RespDispatcher {

    private final CommandTable table;
    private final boolean authRequired;
    private final Redirects redirects;
    private final ProtocolMetrics metrics;

    RespDispatcher(CommandTable table, boolean authRequired, Redirects redirects, ProtocolMetrics metrics) {
        this.table = table;
        this.authRequired = authRequired;
        this.redirects = redirects;
        this.metrics = metrics;
    }

    void dispatch(RespCall call) {
        CommandSpec spec = table.find(call.arg(0));
        metrics.command(spec == null ? null : spec.name());
        if (spec == null) {
            call.error(RespErrors.unknownCommand(call.args()));
            return;
        }
        call.session().lastCommand(spec.name());
        if (!spec.arityAllows(call.argc())) {
            call.error(RespErrors.wrongArity(spec.name()));
            return;
        }
        if (authRequired && !call.session().authenticated() && !spec.noAuth()) {
            call.error(RespErrors.NOAUTH);
            return;
        }
        if (!spec.subcommands().isEmpty()) {
            CommandSpec sub = table.subcommand(spec, call.arg(1));
            if (sub == null) {
                call.error(RespErrors.unknownSubcommand(spec.name(), call.arg(1)));
                return;
            }
            if (!sub.arityAllows(call.argc())) {
                call.error(RespErrors.wrongArity(sub.name()));
                return;
            }
            spec = sub;
        }
        String moved = redirects.movedFor(spec, call);
        if (moved != null) {
            call.error(moved);
            return;
        }
        run(spec, call);
    }

    /** Runs a command's (or subcommand's) handler; its throws become error replies. */
    static void run(CommandSpec spec, RespCall call) {
        try {
            spec.handler().handle(call);
        } catch (RuntimeException e) {
            call.fail(e); // logged there unless it is a command error
        }
    }
}
