package io.ringcache.node.cluster;

import io.ringcache.node.routing.SilentMembers;

import java.time.Duration;
import java.util.UUID;

/**
 * Which members have stopped sending heartbeats but are still in the membership view: frozen
 * (a long GC pause, SIGSTOP, a paused VM) or cut off, and not yet suspected. Routing marks a
 * key whose owner is silent; calls for such keys are not sent to it: reads are answered from a
 * backup copy (this node's, or a live backup holder's), writes are refused at once as retryable.
 *
 * <p>Why refuse rather than wait: every call sent to a member that does not read its socket
 * queues on the connection to it, and under load that backlog grows by thousands of
 * operations a second. It occupies the I/O thread that also carries the heartbeats and the
 * mastership claim between the surviving members, and was measured to delay them by 3 s, which
 * delays the failover itself. A client gets UNAVAILABLE in microseconds and can retry
 * elsewhere, instead of DEADLINE_EXCEEDED after its whole deadline.
 */
public final class SilentOwners implements SilentMembers {

    private final MemberHearing heartbeats;
    private final long silenceMs;

    /**
     * @param silence how long without a heartbeat makes a member silent: half the member
     *                timeout (heartbeats arrive every second), so two or more missed in a row
     */
    public SilentOwners(MemberHearing heartbeats, Duration silence) {
        this.heartbeats = heartbeats;
        this.silenceMs = silence.toMillis();
    }

    /** The silence that makes an owner silent, for a member timeout. */
    public static Duration silenceFor(Duration memberTimeout) {
        return Duration.ofMillis(Math.max(1_500, memberTimeout.toMillis() / 2));
    }

    @Override
    public boolean isSilent(UUID member) {
        return heartbeats.isSilent(member, silenceMs);
    }
}
