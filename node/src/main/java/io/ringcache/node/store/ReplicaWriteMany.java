package io.ringcache.node.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/** The backup side of a multi-key write: each key gets exactly what its owner wrote. */
final class ReplicaWriteMany implements EntryProcessor<byte[], byte[], Object>, IdentifiedDataSerializable {

    private final Map<ByteBuffer, ReplicaWrite<Object>> writes = new HashMap<>();

    void add(byte[] key, ReplicaWrite<Object> write) {
        writes.put(ByteBuffer.wrap(key), write);
    }

    @SuppressWarnings("unchecked")
    <R> EntryProcessor<byte[], byte[], R> typed() {
        // Backups return nothing, so the result type is free.
        return (EntryProcessor<byte[], byte[], R>) (EntryProcessor<?, ?, ?>) this;
    }

    @Override
    public Object process(Map.Entry<byte[], byte[]> entry) {
        ReplicaWrite<Object> write = writes.get(ByteBuffer.wrap(entry.getKey()));
        if (write != null) {
            write.applyTo(entry);
        }
        return null;
    }

    @Override
    public EntryProcessor<byte[], byte[], Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.REPLICA_WRITE_MANY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(writes.size());
        for (Map.Entry<ByteBuffer, ReplicaWrite<Object>> entry : writes.entrySet()) {
            out.writeByteArray(entry.getKey().array());
            entry.getValue().writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            byte[] key = in.readByteArray();
            ReplicaWrite<Object> write = new ReplicaWrite<>();
            write.readData(in);
            writes.put(ByteBuffer.wrap(key), write);
        }
    }
}
