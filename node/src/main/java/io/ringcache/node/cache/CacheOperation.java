package io.ringcache.node.cache;

/** The cache operations a request can ask for, with the label metrics and spans use. */
public enum CacheOperation {
    GET("get"),
    PUT("put"),
    DELETE("delete"),
    INCREMENT("increment"),
    TOUCH("touch"),
    GET_MANY("get_many"),
    PUT_MANY("put_many"),
    DELETE_MANY("delete_many"),
    SIZE("size"),
    CLEAR("clear"),
    SCAN("scan");

    private final String label;

    CacheOperation(String label) {
        this.label = label;
    }

    /** The name in metric labels and span names: lower case, words joined by {@code _}. */
    public String label() {
        return label;
    }
}
