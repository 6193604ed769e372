package io.ringcache.node.store;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the store's entry processors and predicates from their wire ids: members exchange them in
 * Hazelcast's IdentifiedDataSerializable format, never Java serialization.
 */
final class StoreSerialization implements DataSerializableFactory {

    static final int FACTORY_ID = 0x5243; // "RC"

    static final int PUT = 1;
    static final int DELETE = 2;
    static final int REPLICA_WRITE = 3;
    static final int READ = 4;
    static final int INCREMENT = 5;
    static final int TOUCH = 6;
    static final int PUT_MANY = 7;
    static final int REPLICA_WRITE_MANY = 8;
    static final int REMOVE = 9;
    static final int BACKUP_READ = 10;
    static final int LIVE_ENTRY = 11;
    static final int INCREMENT_BACKUP = 12;
    static final int CONFIRMED_READ = 13;
    static final int NO_CHANGE_BACKUP = 14;
    static final int LINEARIZABLE_READ = 15;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PUT -> new PutProcessor();
            case DELETE -> new DeleteProcessor();
            case REPLICA_WRITE -> new ReplicaWrite<>();
            case READ -> ReadProcessor.INSTANCE;
            case INCREMENT -> new IncrementProcessor();
            case TOUCH -> new TouchProcessor();
            case PUT_MANY -> new PutManyProcessor();
            case REPLICA_WRITE_MANY -> new ReplicaWriteMany();
            case REMOVE -> new RemoveProcessor();
            case BACKUP_READ -> new BackupRead();
            case LIVE_ENTRY -> LiveEntryPredicate.INSTANCE;
            case INCREMENT_BACKUP -> new IncrementBackup();
            case CONFIRMED_READ -> ConfirmedRead.INSTANCE;
            case NO_CHANGE_BACKUP -> NoChangeBackup.INSTANCE;
            case LINEARIZABLE_READ -> new LinearizableRead();
            default -> null;
        };
    }
}
