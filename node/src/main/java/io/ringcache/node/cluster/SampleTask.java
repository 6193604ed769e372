package io.ringcache.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.Callable;

/** Runs on one member and answers its {@link LocalSample} as JSON text. */
final class SampleTask implements Callable<String>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public String call() {
        LocalSample sampler = SampleSerialization.localSample(hazelcast.getUserContext());
        JsonObject sample = sampler == null
                ? new JsonObject().put("error", "this member runs no console sampler")
                : sampler.sample();
        return sample.put("id", hazelcast.getCluster().getLocalMember().getUuid().toString()).encode();
    }

    @Override
    public int getFactoryId() {
        return SampleSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SampleSerialization.SAMPLE_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // No fields: the member answers with what it has.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // No fields.
    }
}
