package io.ringcache.node.store;

import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs an entry processor on its key's owner, answering on the thread the result arrives on.
 *
 * <p>{@code IMap.submitToKey} wraps Hazelcast's invocation future in one that deserializes the
 * result on Hazelcast's async executor: one more thread hand-off per call, and on a small
 * machine a wake-up of that pool for every write. This starts the same invocation the proxy
 * does ({@code executeOnKeyInternal}: the same operation, partition, split-brain protection and
 * indeterminate-state handling) and deserializes the small result where it lands, so the only
 * hand-off left is the one back to the event loop.
 */
final class OwnerCalls {

    private OwnerCalls() {
    }

    @SuppressWarnings("unchecked")
    static <T> CompletionStage<T> submit(IMap<byte[], byte[]> map, byte[] key,
                                         EntryProcessor<byte[], byte[], T> processor) {
        if (!(map instanceof MapProxyImpl<byte[], byte[]> proxy)) {
            return map.submitToKey(key, processor);
        }
        SerializationService serialization = proxy.getNodeEngine().getSerializationService();
        // A processor run on this member is not deserialized, so nothing else injects the instance.
        if (processor instanceof HazelcastInstanceAware aware) {
            aware.setHazelcastInstance(proxy.getNodeEngine().getHazelcastInstance());
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        proxy.executeOnKeyInternal(key, processor).whenCompleteAsync((Data result, Throwable failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                try {
                    answer.complete((T) serialization.toObject(result));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        }, Runnable::run);
        return answer;
    }
}
