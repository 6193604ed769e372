package io.ringcache.node.architecturefixture.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/** A class outside the cluster and store packages that uses Hazelcast, for ArchitectureTest's self-test. */
public final class UsesHazelcast {

    private UsesHazelcast() {
    }

    /** The dependency the rule must catch. */
    public static String name(HazelcastInstance hazelcast) {
        return hazelcast.getName();
    }
}
