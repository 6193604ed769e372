package io.ringcache.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * The web console's member-to-member task in Hazelcast's IdentifiedDataSerializable format (Java
 * serialization is filtered), the small executor it runs on, and where it finds the member's figures.
 */
public final class SampleSerialization implements DataSerializableFactory {

    private static final String USER_CONTEXT_KEY = "ringcache.console.sample";

    static final int FACTORY_ID = 0x5244; // "RD", beside the store's "RC"
    static final int SAMPLE_TASK = 1;
    static final String EXECUTOR = "ringcache-console";

    /** Adds the task's serializer, its executor (one thread, a short queue) and this member's figures. */
    public static void configureMember(Config config, LocalSample sample) {
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new SampleSerialization());
        config.getExecutorConfig(EXECUTOR).setPoolSize(1).setQueueCapacity(64).setStatisticsEnabled(false);
        config.getUserContext().put(USER_CONTEXT_KEY, sample);
    }

    static LocalSample localSample(Map<String, Object> userContext) {
        return userContext.get(USER_CONTEXT_KEY) instanceof LocalSample sample ? sample : null;
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return classId == SAMPLE_TASK ? new SampleTask() : null;
    }
}
