package io.ringcache.node.cluster;

import io.ringcache.node.config.QuorumSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorum rule: from how many members are seen, whether this node may serve.
 *
 * <p>In the automatic mode the quorum is a strict majority of the <em>expected</em> cluster
 * size: the most members seen, less the ones that left gracefully. A crashed or cut-off
 * member stays expected, because from one side a crash and a partition look the same; a
 * member that leaves on purpose announces it first (see {@link Departures}), so scaling down
 * shrinks the expectation and the remaining nodes keep serving. Clusters expected to have
 * fewer than {@value QuorumSpec#AUTO_FROM_MEMBERS} members are not protected: two nodes
 * cannot tell a split from a crash, and refusing on both would turn every single failure into
 * an outage.
 *
 * <p>Pure logic, no Hazelcast: the membership and the counts are handed in.
 */
final class QuorumRule {

    // The logger keeps the name the "Quorum lost/regained" lines have always carried.
    private static final Logger LOG = LoggerFactory.getLogger(ClusterQuorum.class);

    private final QuorumSpec spec;
    // Volatile: allows() reads it on owners' partition threads without the lock.
    private volatile int expected;
    private boolean present = true;

    QuorumRule(QuorumSpec spec) {
        this.spec = spec;
    }

    /** Whether this node protects itself at all. */
    boolean enabled() {
        return spec.mode() != QuorumSpec.Mode.OFF;
    }

    /** The view now has {@code members} members: the expectation grows to the most ever seen. */
    synchronized void memberJoined(int members) {
        expected = Math.max(expected, members);
    }

    /** A graceful leave shrinks the expected size; a crash (or a cut) does not. */
    synchronized void memberLeft(boolean gracefully, int remaining) {
        if (gracefully) {
            expected = Math.max(remaining, expected - 1);
        }
    }

    /**
     * Evaluates the quorum for {@code seen} members seen (this node included), with
     * {@code departing} members still in the view that have announced a graceful leave: they
     * are expected no more (they stop heartbeating while they hand their partitions off, and
     * must not cost the others their quorum). Logs when the quorum is lost or regained.
     */
    synchronized QuorumState evaluate(int seen, int departing) {
        int expectedNow = expectedNow(seen, departing);
        boolean nowPresent = allows(seen, departing);
        if (nowPresent != present) {
            if (nowPresent) {
                LOG.info("Quorum regained: {} members seen, {} expected", seen, expectedNow);
            } else {
                LOG.warn("Quorum lost: {} members seen, {} expected; refusing cache operations until it returns",
                        seen, expectedNow);
            }
        }
        present = nowPresent;
        return new QuorumState(nowPresent, nowPresent ? "" : problem(seen, expectedNow), seen, expectedNow);
    }

    /**
     * Whether {@code seen} members (this node included), with {@code departing} announced graceful
     * leaves still expected, make a quorum: {@link #evaluate}'s answer, without publishing or
     * logging it. Lock-free.
     */
    boolean allows(int seen, int departing) {
        int expectedNow = expectedNow(seen, departing);
        return switch (spec.mode()) {
            case OFF -> true;
            case FIXED -> seen >= spec.fixedMinimum();
            case AUTO -> expectedNow < QuorumSpec.AUTO_FROM_MEMBERS || seen * 2 > expectedNow;
        };
    }

    private int expectedNow(int seen, int departing) {
        return Math.max(seen, expected - departing);
    }

    private String problem(int seen, int expectedNow) {
        return spec.mode() == QuorumSpec.Mode.FIXED
                ? "no quorum: sees " + seen + " member(s), needs " + spec.fixedMinimum()
                : "no quorum: sees " + seen + " of " + expectedNow + " expected members, needs " + (expectedNow / 2 + 1);
    }
}
