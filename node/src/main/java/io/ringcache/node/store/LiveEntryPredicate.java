package io.ringcache.node.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;

import java.util.Map;

/**
 * Keeps the entries that are live now, by the expiry in their {@link StoredEntry} and the clock
 * of the member that evaluates it (the owner, as for a read): Hazelcast's own TTL expires
 * entries lazily and only to the second, while whole-cache answers must agree with reads.
 */
final class LiveEntryPredicate implements Predicate<byte[], byte[]>, IdentifiedDataSerializable {

    /** Stateless; members share one instance. */
    static final LiveEntryPredicate INSTANCE = new LiveEntryPredicate();

    @Override
    public boolean apply(Map.Entry<byte[], byte[]> entry) {
        return StoredEntry.isLive(entry.getValue(), System.currentTimeMillis());
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.LIVE_ENTRY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
