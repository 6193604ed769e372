package io.ringcache.node.architecturefixture.pong;

import io.ringcache.node.architecturefixture.ping.Ping;

/** The other half of the deliberate package cycle (see {@link Ping}). */
public final class Pong {

    private Pong() {
    }

    /** Depends back on the first half. */
    public static Pong serve() {
        Ping.class.getName();
        return new Pong();
    }
}
