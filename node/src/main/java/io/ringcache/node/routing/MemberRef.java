package io.ringcache.node.routing;

import java.util.UUID;

/**
 * A cluster member as routing names it: its identity, its member address (for messages) and
 * whether it is this node.
 *
 * @param id      the member's unique id
 * @param address its member address, {@code host:port}, for people
 * @param self    whether it is this node
 */
public record MemberRef(UUID id, String address, boolean self) {
}
