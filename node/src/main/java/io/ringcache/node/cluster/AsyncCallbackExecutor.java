package io.ringcache.node.cluster;

import java.util.concurrent.ForkJoinPool;

/**
 * Gives Hazelcast a real pool for its async callbacks on small machines.
 *
 * <p>Every {@code IMap.getAsync}/{@code submitToKey} future completes through a callback on
 * Hazelcast's default async executor. That is the common ForkJoin pool, except when the pool's
 * parallelism is 1 (any machine with 2 cores or fewer): then Hazelcast, like the JDK, starts a
 * new thread for every callback, one per cache operation, about 30x slower. No per-call
 * executor can avoid it because the callback is registered inside Hazelcast. Hazelcast's own
 * choice is kept wherever the common pool is a real pool.
 *
 * <p>The setting is JVM-wide (Hazelcast keeps it in a static); installing it is idempotent,
 * so several nodes in one JVM share one pool.
 */
public final class AsyncCallbackExecutor {

    private static final int PARALLELISM = 2;

    private AsyncCallbackExecutor() {
    }

    /** Installs the pool if Hazelcast would otherwise start a thread per callback. */
    public static synchronized void ensurePooled() {
        if (ForkJoinPool.getCommonPoolParallelism() > 1
                || HazelcastInternals.defaultAsyncExecutor() instanceof ForkJoinPool) {
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(PARALLELISM, new NamedWorkerFactory(), null, true);
        HazelcastInternals.setDefaultAsyncExecutor(pool);
    }

    private static final class NamedWorkerFactory implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        @Override
        public java.util.concurrent.ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            java.util.concurrent.ForkJoinWorkerThread thread =
                    ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("ringcache-hz-callback-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }
    }
}
