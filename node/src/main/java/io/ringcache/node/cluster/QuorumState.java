package io.ringcache.node.cluster;

/**
 * One evaluation of the quorum, published whole so a request reads it without a lock.
 *
 * @param present  whether this node sees enough members to serve
 * @param problem  why it refuses, for readiness; empty while present
 * @param seen     members seen at the evaluation, this node included
 * @param expected the expected cluster size at the evaluation
 */
public record QuorumState(boolean present, String problem, int seen, int expected) {

    /** Before the first evaluation: present, nothing seen or expected yet. */
    static final QuorumState INITIAL = new QuorumState(true, "", 0, 0);
}
