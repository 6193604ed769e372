package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * An entry processor without state: only its class id goes over the wire, and (unless it needs
 * its member injected) one instance serves every call.
 */
abstract class StatelessProcessor implements EntryProcessor<byte[], byte[], byte[]>, IdentifiedDataSerializable {

    @Override
    public final int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public final void readData(ObjectDataInput in) {
        // no state
    }
}
