package io.ringcache.node.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.List;

/**
 * Drops Hazelcast's warnings about events that are expected, or that ringcache reports itself
 * in one plain line (installed by {@code logback.xml}):
 * <ul>
 * <li>"No join method is enabled": a node without {@code --join} logs that it runs alone;</li>
 * <li>"Cannot bind to a given address" with its stack trace: the start-up failure names
 *     {@code hazelcast-port} instead;</li>
 * <li>listener registrations refused while the member list changes (ClusterTopologyChanged),
 *     and any operation refused because its caller is not, or no longer, a member
 *     (CallerNotMember): Hazelcast retries them until the list is stable, as when 3 nodes form;</li>
 * <li>a departed member's refused connections, "suspected to be dead", and the master's
 *     "Received suspected members" (seen as a member left gracefully, when another reported it
 *     first): the membership log says how each member left, graceful or not, and a member that
 *     misses heartbeats logs its own suspicion;</li>
 * <li>"Mastership of ... is accepted" when the oldest member leaves and the next takes over:
 *     the membership log has the departure;</li>
 * <li>a failed cluster-safety query while members leave together: the node asks again and
 *     says itself if the cluster never became safe;</li>
 * <li>a reply to a partition-table update that cannot be sent because the master that sent it
 *     has just left: the next master publishes the table again;</li>
 * <li>a partition table received before this member finished starting: the master sends it
 *     again;</li>
 * <li>a replica move refused by its destination because that member had not finished joining
 *     (the source's "Failure while executing MigrationInfo", caused by "received before startup
 *     is completed" or by a partition stamp of 0, no table yet): the master plans the move
 *     again once the member has joined;</li>
 * <li>each failed replica move ("Migration failed"), as when a member leaves while the
 *     cluster's formation still migrates: Hazelcast plans it again, and ringcache counts failed
 *     moves on {@code /metrics} and says how many at the end of each migration round.</li>
 * <li>an owner's refusal of a cache operation ("node not ready: ...", its lease) that
 *     Hazelcast logs at ERROR with a stack trace: it is an answer, which the caller gets as
 *     UNAVAILABLE and the request metrics count.</li>
 * </ul>
 * Everything else from Hazelcast passes as configured.
 */
public final class HazelcastLogNoise extends TurboFilter {

    /** A logger prefix and a text in the message; with {@code cause}, the throwable's message must have it too. */
    private record Noise(String loggerPrefix, String text, String cause) {
        Noise(String loggerPrefix, String text) {
            this(loggerPrefix, text, null);
        }

        boolean matches(String logger, String message, Throwable thrown) {
            return logger.startsWith(loggerPrefix) && message.contains(text)
                    && (cause == null || thrown != null && String.valueOf(thrown.getMessage()).contains(cause));
        }
    }

    private static final List<Noise> NOISE = List.of(
            new Noise("com.hazelcast.instance.impl.Node", "No join method is enabled"),
            new Noise("com.hazelcast.instance", "Cannot bind to a given address"),
            new Noise("com.hazelcast.spi.impl.eventservice", "ClusterTopologyChangedException"),
            // A caller not (or no longer) in this member's list: the member list is changing.
            new Noise("com.hazelcast", "CallerNotMemberException"),
            new Noise("com.hazelcast.internal.cluster.impl.MembershipManager", "is suspected to be dead"),
            new Noise("com.hazelcast.internal.cluster.impl.MembershipManager", "Received suspected members"),
            new Noise("com.hazelcast.internal.server.tcp.TcpServerConnectionErrorHandler", "Removing connection to endpoint"),
            new Noise("com.hazelcast.internal.cluster.ClusterService", "is accepted. Response"),
            // Asked again until safe by ClusterMember.awaitClusterSafe, which says if it never was.
            new Noise("com.hazelcast.internal.partition.PartitionServiceProxy", "Error while querying cluster's safe state"),
            new Noise("com.hazelcast.spi.impl.operationservice.impl.OutboundResponseHandler",
                    "com.hazelcast.internal.partition.operation."),
            new Noise("com.hazelcast.internal.partition.InternalPartitionService",
                    "Ignoring received partition table, startup is not completed yet"),
            new Noise("com.hazelcast.internal.partition.impl.MigrationManager", "Migration failed: MigrationInfo"),
            new Noise("com.hazelcast.internal.partition.operation.MigrationRequestOperation",
                    "Failure while executing MigrationInfo", "received before startup is completed"),
            new Noise("com.hazelcast.internal.partition.operation.MigrationRequestOperation",
                    "Failure while executing MigrationInfo", "Local partition stamp is not equal to master's stamp! Local: 0,"),
            new Noise("com.hazelcast.map.impl.operation", "] node not ready: "));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || !logger.getName().startsWith("com.hazelcast")) {
            return FilterReply.NEUTRAL;
        }
        for (Noise noise : NOISE) {
            if (noise.matches(logger.getName(), format, t)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
