package io.ringcache.client;

import io.ringcache.proto.v1.InvalidationEvent;
import io.ringcache.proto.v1.InvalidationRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's WatchInvalidations streams: at most one per member, opened when a near cache
 * first watches a partition that member owns, shared by every near cache (events name their
 * cache). Each event goes to its near cache; the end of a stream goes to all of them, which drop
 * what it watched. A new stream is opened by the next watch on that member.
 */
final class InvalidationWatcher implements NearCache.Watches {

    private final Transport transport;
    private final Router router;
    private final Map<String, NearCache> caches = new ConcurrentHashMap<>();
    private final Map<String, MemberStream> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InvalidationWatcher(Transport transport, Router router) {
        this.transport = transport;
        this.router = router;
    }

    void register(NearCache cache) {
        caches.put(cache.name(), cache);
    }

    @Override
    public Object watch(String cache, int slot) {
        String owner = router.topology().ownerAddress(slot);
        // An unreachable owner would cost a failed stream per miss: its keys stay uncached a while.
        if (closed || owner == null || router.avoided(owner)) {
            return null;
        }
        MemberStream stream = streams.get(owner);
        if (stream == null) {
            MemberStream opened = new MemberStream(owner);
            stream = streams.putIfAbsent(owner, opened);
            if (stream == null) {
                stream = opened;
                opened.open();
            }
        }
        stream.send(InvalidationRequest.newBuilder().setCache(cache).addWatchSlots(slot).build());
        return stream;
    }

    /** Ends every stream; their partitions are dropped as after any end. */
    void close() {
        closed = true;
        streams.values().forEach(MemberStream::cancel);
    }

    private void dispatch(MemberStream stream, InvalidationEvent event) {
        switch (event.getEventCase()) {
            case WATCH -> cacheNamed(event.getWatch().getCache()).ifPresent(c -> c.onWatch(stream, event.getWatch()));
            case INVALIDATION -> cacheNamed(event.getInvalidation().getCache())
                    .ifPresent(c -> c.onInvalidation(stream, event.getInvalidation()));
            case RESET -> cacheNamed(event.getReset().getCache()).ifPresent(c -> c.onReset(stream, event.getReset()));
            default -> { }
        }
    }

    private java.util.Optional<NearCache> cacheNamed(String name) {
        return java.util.Optional.ofNullable(caches.get(name.isEmpty() ? "default" : name));
    }

    private void ended(MemberStream stream) {
        streams.remove(stream.address, stream);
        caches.values().forEach(cache -> cache.onStreamEnded(stream));
    }

    /** One stream to one member. */
    private final class MemberStream {
        final String address;
        private Transport.InvalidationCall call;
        /** Requests sent before the call exists (another thread is opening it). */
        private final java.util.List<InvalidationRequest> early = new java.util.ArrayList<>();
        private boolean cancelled;

        MemberStream(String address) {
            this.address = address;
        }

        void open() {
            Transport.InvalidationCall opened = transport.watchInvalidations(address,
                    event -> dispatch(this, event), error -> ended(this));
            synchronized (this) {
                call = opened;
                if (cancelled) {
                    opened.cancel();
                }
                early.forEach(opened::send);
                early.clear();
            }
        }

        synchronized void send(InvalidationRequest request) {
            if (call != null) {
                call.send(request);
            } else {
                early.add(request);
            }
        }

        void cancel() {
            Transport.InvalidationCall open;
            synchronized (this) {
                cancelled = true;
                open = call;
            }
            if (open != null) {
                open.cancel();
            }
            ended(this);
        }

        @Override
        public String toString() {
            return "invalidations from " + address;
        }
    }
}
