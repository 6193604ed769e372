package io.ringcache.node.store;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the JVM from running out of memory when a cache has no size limit: after every garbage
 * collection it notes how full the heap still is, and above {@code limitPercent} the node's
 * writes that would add a key are refused (RESOURCE_EXHAUSTED) until memory is freed (deletes,
 * expiry, eviction). Capped caches normally evict or refuse long before this.
 */
public final class HeapGuard implements AutoCloseable {

    /** Where the store's entry processors find the guard of the member they run on. */
    static final String USER_CONTEXT_KEY = "ringcache.heap-guard";
    private static final Logger LOG = LoggerFactory.getLogger(HeapGuard.class);

    private final int limitPercent;
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private final Set<String> heapPools;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private volatile int usedPercent;
    private volatile boolean full;

    /** @param limitPercent heap in use after a GC, in percent of the maximum, above which writes stop; 100 = off */
    public HeapGuard(int limitPercent) {
        this.limitPercent = limitPercent;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        if (limitPercent < 100) {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
        }
    }

    /** Puts the guard where the store's entry processors on this member find it. */
    public void install(Map<String, Object> userContext) {
        userContext.put(USER_CONTEXT_KEY, this);
    }

    /** The guard installed in a member's user context, if any. */
    static HeapGuard of(Map<String, Object> userContext) {
        return userContext.get(USER_CONTEXT_KEY) instanceof HeapGuard guard ? guard : null;
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        record(used);
    }

    void record(long usedAfterGc) {
        usedPercent = (int) (usedAfterGc * 100 / maxHeap);
        boolean nowFull = usedPercent >= limitPercent;
        if (nowFull != full) {
            if (nowFull) {
                LOG.warn("Heap {}% full after GC (limit {}%): refusing writes that add keys until memory is freed",
                        usedPercent, limitPercent);
            } else {
                LOG.info("Heap {}% full after GC: accepting new keys again", usedPercent);
            }
        }
        full = nowFull;
    }

    /** Whether writes that add keys are refused now. */
    boolean isFull() {
        return full;
    }

    int usedPercent() {
        return usedPercent;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
