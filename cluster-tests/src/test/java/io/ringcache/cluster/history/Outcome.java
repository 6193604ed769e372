package io.ringcache.cluster.history;

/** How a call ended, as the client saw it. */
public enum Outcome {
    /** Acknowledged with a result. */
    OK,
    /** Definitely not applied (e.g. refused before it was sent, or a status that guarantees it). */
    FAIL,
    /** May or may not have taken effect (timeout, connection lost, or never completed). */
    UNKNOWN
}
