package io.ringcache.node.cache;

import io.ringcache.node.routing.Route;
import io.ringcache.node.routing.Router;

import java.util.ArrayList;
import java.util.List;

/**
 * A key as a request carries it through the operation layer: its bytes, and its {@link Route}
 * once the first layer that needs it has asked the {@link Router}. Every later layer (metering,
 * the silent-owner decision, the in-place read, the call to the owner) reuses that route, so a
 * key is hashed and routed once per request. A request's keys are handled by one thread at a
 * time (the event loop, then the store's callbacks on the same context).
 */
public final class CacheKey {

    private static final byte[] EMPTY = new byte[0];

    private final byte[] bytes;
    private Route route;

    private CacheKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A key over {@code bytes} (not copied: the caller hands them over); null is the empty key. */
    public static CacheKey of(byte[] bytes) {
        return new CacheKey(bytes == null ? EMPTY : bytes);
    }

    /** Keys over each of {@code keys}, in order. */
    public static List<CacheKey> ofAll(List<byte[]> keys) {
        List<CacheKey> wrapped = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            wrapped.add(of(key));
        }
        return wrapped;
    }

    public byte[] bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The key's route: computed by {@code router} the first time, the same route after that. */
    public Route route(Router router) {
        Route known = route;
        if (known == null) {
            known = router.route(bytes);
            route = known;
        }
        return known;
    }

    @Override
    public String toString() {
        return "CacheKey[" + bytes.length + " bytes]";
    }
}
