package io.ringcache.node.architecturefixture.ping;

import io.ringcache.node.architecturefixture.pong.Pong;

/** Half of a deliberate package cycle, for ArchitectureTest's self-test; not used elsewhere. */
public final class Ping {

    private Ping() {
    }

    /** Depends on the other half. */
    public static Pong answer() {
        return Pong.serve();
    }
}
