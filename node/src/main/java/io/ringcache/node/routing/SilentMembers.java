package io.ringcache.node.routing;

import java.util.UUID;

/** Whether a member, still in the view, has gone silent (frozen or cut off); must be cheap and lock-free. */
@FunctionalInterface
public interface SilentMembers {

    SilentMembers NONE = member -> false;

    boolean isSilent(UUID member);
}
