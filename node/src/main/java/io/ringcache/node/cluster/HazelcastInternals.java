package io.ringcache.node.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.internal.server.ServerConnection;
import com.hazelcast.internal.server.ServerConnectionManager;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.map.impl.record.Record;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.map.impl.recordstore.expiry.ExpiryMetadata;
import com.hazelcast.map.impl.recordstore.expiry.ExpirySystem;
import com.hazelcast.query.impl.QueryableEntry;
import com.hazelcast.spi.impl.NodeEngine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Every call ringcache makes into Hazelcast's internal (non-public) API, in one place, so a
 * Hazelcast upgrade that moves one breaks here and in {@code HazelcastInternalsTest}, which
 * exercises each method. Everything else uses Hazelcast's public API only.
 *
 * <p>Why internals at all: the public API names a partition's owner but not its backups, has
 * no way to read this member's own copy of a key without possibly asking the owner, no
 * partition-table version, and no view of member connections.
 */
public final class HazelcastInternals {

    /** Bytes of a serialized Integer: partition hash, type id, value (Hazelcast's HeapData layout). */
    private static final int INTEGER_DATA_BYTES = 12;

    private final NodeEngine engine;
    private final InternalPartitionService partitions;
    private final SerializationService serialization;
    private final MapServiceContext maps;

    private HazelcastInternals(HazelcastInstanceImpl instance) {
        this.engine = instance.node.getNodeEngine();
        this.partitions = instance.node.getPartitionService();
        this.serialization = engine.getSerializationService();
        MapService mapService = engine.getService(MapService.SERVICE_NAME);
        this.maps = mapService.getMapServiceContext();
    }

    /**
     * The internals of a member: the public handle is a proxy; tasks Hazelcast runs
     * ({@code HazelcastInstanceAware}) are given the instance itself.
     */
    public static HazelcastInternals of(HazelcastInstance hazelcast) {
        return new HazelcastInternals(hazelcast instanceof HazelcastInstanceProxy proxy
                ? proxy.getOriginal() : (HazelcastInstanceImpl) hazelcast);
    }

    // --- the partition table

    /** Changes whenever the partition table changes. */
    public long partitionStateStamp() {
        return partitions.getPartitionStateStamp();
    }

    /** Whether a migration involving this member is running. */
    public boolean migrationRunningHere() {
        return partitions.hasOnGoingMigrationLocal();
    }

    /** Whether this member owns {@code partition} now. */
    public boolean ownsPartition(int partition) {
        return partitions.getPartition(partition).isLocal();
    }

    /** The member holding replica {@code index} (0 = owner) of {@code partition}; null when none. */
    public UUID replicaOf(int partition, int index) {
        PartitionReplica replica = partitions.getPartition(partition).getReplica(index);
        return replica == null ? null : replica.uuid();
    }

    /**
     * The partition of the entry an entry processor runs on, from its key's serialized form
     * (which carries the partition hash: no slot is hashed again); -1 when the entry does not
     * expose it.
     */
    public int partitionOfEntry(Map.Entry<?, ?> entry) {
        if (entry instanceof QueryableEntry<?, ?> queryable) {
            Data key = queryable.getKeyDataIfPresent();
            return partitions.getPartitionId(key != null ? key : queryable.getKeyData());
        }
        return -1;
    }

    /** How many replicas (owner and backups) the partition table keeps per partition. */
    public static int maxReplicas() {
        return InternalPartition.MAX_REPLICA_COUNT;
    }

    /** How many partitions the cluster has. */
    public int partitionCount() {
        return partitions.getPartitionCount();
    }

    // --- keys and local copies

    /**
     * A partition key that Hazelcast places in exactly {@code partition}: what a
     * {@link com.hazelcast.partition.PartitioningStrategy} returns to choose a key's partition
     * outright instead of by hash. It is the serialized form of {@code Integer(partition)} with
     * its partition hash preset to {@code partition} ({@code partitionCount} for partition 0, as
     * a hash of 0 means "none").
     *
     * <p>Relies on, in Hazelcast 5.6.0: {@code AbstractSerializationService.toData(key, strategy)}
     * takes the hash of the strategy's partition key from {@code toData(partitionKey).getPartitionHash()},
     * and {@code toData} of a {@link Data} is that same Data; {@link HeapData#getPartitionHash()}
     * reads the first four bytes, big-endian, when they are not 0; and a member maps a key to
     * {@code HashUtil.hashToIndex(hash, partitionCount)}, i.e. {@code abs(hash) % partitionCount}.
     * The result depends on nothing else (no JVM hash code, no configuration), so every member
     * of every version computes the same.
     *
     * @param partition      0 .. partitionCount - 1
     * @param partitionCount the member's partition count
     */
    public static Object partitionKeyOf(int partition, int partitionCount) {
        if (partition < 0 || partition >= partitionCount) {
            throw new IndexOutOfBoundsException("partition " + partition + " of " + partitionCount);
        }
        int partitionHash = partition == 0 ? partitionCount : partition;
        byte[] bytes = ByteBuffer.allocate(INTEGER_DATA_BYTES)
                .putInt(partitionHash)
                .putInt(SerializationConstants.CONSTANT_TYPE_INTEGER)
                .putInt(partition)
                .array();
        return new HeapData(bytes);
    }

    /**
     * The partition that {@code hazelcast} puts {@code key} into in map {@code mapName}: the key
     * serialized with the map's own partitioning strategy, then mapped to a partition, exactly as
     * the map's proxy does before it sends an operation.
     */
    public static int partitionIdOf(HazelcastInstance hazelcast, String mapName, Object key) {
        HazelcastInternals internals = of(hazelcast);
        Data keyData = internals.serialization.toData(key,
                internals.maps.getMapContainer(mapName).getPartitioningStrategy());
        return internals.partitions.getPartitionId(keyData);
    }

    /**
     * The key in Hazelcast's serialized form, placed by {@code partitionKey} (what the map's
     * partitioning strategy returns for it): handing Hazelcast this instead of the bytes spares
     * it running the strategy, and so hashing the key, once more per call.
     */
    public Object keyData(byte[] key, Object partitionKey) {
        // Built directly: what toData(key, strategy) writes, without its serializer lookup and
        // thread-local buffer pool (a measurable share of an in-place read).
        if (!(partitionKey instanceof Data placed)) {
            return serialization.toData(key, ignored -> partitionKey);
        }
        int partitionHash = placed.getPartitionHash();
        byte[] bytes = new byte[BYTE_ARRAY_HEADER + key.length];
        ByteBuffer.wrap(bytes).putInt(partitionHash).putInt(SerializationConstants.CONSTANT_TYPE_BYTE_ARRAY)
                .putInt(key.length);
        System.arraycopy(key, 0, bytes, BYTE_ARRAY_HEADER, key.length);
        return new HeapData(bytes);
    }

    /** Partition hash, type id, length: what precedes a byte[]'s bytes in its serialized form (big-endian). */
    private static final int BYTE_ARRAY_HEADER = 12;

    /**
     * {@link IMap#submitToKey} with a key from {@link #keyData}, answering on the thread that
     * finishes the operation (the partition thread for a local key, the response thread for a
     * remote one). The public call completes through Hazelcast's async executor, one more
     * thread hand-off per call before the answer reaches the event loop.
     *
     * <p>Relies on, in Hazelcast 5.6.0: {@code MapProxyImpl.executeOnKeyInternal}, which
     * {@code submitToKey} calls, returns the invocation's future of the serialized result, and
     * runs callbacks given an executor on that executor.
     */
    @SuppressWarnings("unchecked")
    public static <R> CompletionStage<R> submitToKey(IMap<byte[], byte[]> map, Object keyData,
                                                     EntryProcessor<byte[], byte[], R> processor) {
        if (!(map instanceof MapProxyImpl<?, ?> proxy)) {
            return submitToKeyPublic(map, keyData, processor);
        }
        SerializationService serialization = proxy.getNodeEngine().getSerializationService();
        CompletableFuture<R> answer = new CompletableFuture<>();
        proxy.executeOnKeyInternal(keyData, processor).whenCompleteAsync((data, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
                return;
            }
            try {
                answer.complete((R) serialization.toObject(data));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, CALLER_RUNS);
        return answer;
    }

    private static final Executor CALLER_RUNS = Runnable::run;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> CompletionStage<R> submitToKeyPublic(IMap<byte[], byte[]> map, Object keyData,
                                                            EntryProcessor<byte[], byte[], R> processor) {
        return ((IMap) map).submitToKey(keyData, processor);
    }

    /** {@link IMap#get} (it blocks) with a key from {@link #keyData}. */
    public static byte[] get(IMap<byte[], byte[]> map, Object keyData) {
        return map.get(keyData);
    }

    /** {@link IMap#submitToKeys} with keys from {@link #keyData}; the answers keyed by the keys' bytes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <R> CompletionStage<java.util.Map<byte[], R>> submitToKeys(
            IMap<byte[], byte[]> map, Set<Object> keyData, EntryProcessor<byte[], byte[], R> processor) {
        return ((IMap) map).submitToKeys(keyData, processor);
    }

    /**
     * This member's copy of a key (owner or backup copy, whichever it holds) in map
     * {@code mapName}, read from the partition's record store without any call to another
     * member and without waiting: the stored bytes, or null when it holds none.
     */
    public byte[] readLocalCopy(String mapName, Object keyData, int partition) {
        RecordStore<?> store = maps.getExistingRecordStore(partition, mapName);
        if (store == null) {
            return null;
        }
        Data value = store.readBackupData((Data) keyData);
        if (value == null) {
            return null;
        }
        if (value.getType() == SerializationConstants.CONSTANT_TYPE_BYTE_ARRAY && value instanceof HeapData) {
            // The bytes after the header, without a serializer lookup.
            byte[] serialized = value.toByteArray();
            return Arrays.copyOfRange(serialized, BYTE_ARRAY_HEADER, serialized.length);
        }
        return serialization.toObject(value);
    }

    /** One entry of a record store, as {@link #forEachLocalEntry} hands it over. */
    @FunctionalInterface
    public interface LocalEntry {
        /**
         * @param keyData           the key in Hazelcast's stored form (usable as a map key as is)
         * @param valueData         the value in its stored form (usable as a map value as is)
         * @param expiresAtMillis   epoch millis when it expires; {@link Long#MAX_VALUE} for never
         */
        void accept(Object keyData, Object valueData, long expiresAtMillis);
    }

    /**
     * Every live entry this member holds of {@code partition} in map {@code mapName}, read from
     * the record store in place (the storage is a concurrent map: the read is weakly consistent
     * and never waits). Nothing when it holds no store for the partition.
     */
    public void forEachLocalEntry(String mapName, int partition, LocalEntry consumer) {
        RecordStore<?> store = maps.getExistingRecordStore(partition, mapName);
        if (store == null) {
            return;
        }
        ExpirySystem expiry = store.getExpirySystem();
        store.forEach((Data key, Record record) -> {
            ExpiryMetadata metadata = expiry.getExpiryMetadata(key);
            consumer.accept(key, record.getValue(), metadata.hasExpiry() ? metadata.getExpirationTime() : Long.MAX_VALUE);
        }, false, false);
    }

    /** The partition Hazelcast computes for a key from {@link #keyData}. */
    public int partitionOf(Object keyData) {
        return partitions.getPartitionId((Data) keyData);
    }

    // --- member connections

    /** Epoch millis of the last read from any live connection to {@code member}; Long.MIN_VALUE without one. */
    public long lastReadMillis(Address member) {
        ServerConnectionManager connections = engine.getNode().getServer().getConnectionManager(EndpointQualifier.MEMBER);
        long latest = Long.MIN_VALUE;
        for (ServerConnection connection : connections.getAllConnections(member)) {
            if (connection.isAlive()) {
                latest = Math.max(latest, connection.lastReadTimeMillis());
            }
        }
        return latest;
    }

    // --- threads

    /** The executor Hazelcast runs plain async callbacks on (the common pool unless set). */
    public static Executor defaultAsyncExecutor() {
        return ConcurrencyUtil.getDefaultAsyncExecutor();
    }

    /** Sets the executor Hazelcast runs plain async callbacks on (JVM-wide: Hazelcast keeps it in a static). */
    public static void setDefaultAsyncExecutor(Executor executor) {
        ConcurrencyUtil.setDefaultAsyncExecutor(executor);
    }
}
