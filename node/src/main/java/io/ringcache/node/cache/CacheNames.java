package io.ringcache.node.cache;

/** Cache names as requests give them. */
public final class CacheNames {

    /** The cache that always exists, and the one an empty name means. */
    public static final String DEFAULT = "default";

    private CacheNames() {
    }

    /** The cache a request names: an empty or null name is {@link #DEFAULT}. */
    public static String resolve(String name) {
        return name == null || name.isEmpty() ? DEFAULT : name;
    }
}
