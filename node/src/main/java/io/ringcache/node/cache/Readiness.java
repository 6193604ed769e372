package io.ringcache.node.cache;

/** Whether the node serves cache operations now, and why not. */
public interface Readiness {

    boolean isReady();

    /** Why the node does not serve; for people. */
    String reason();
}
