package io.ringcache.cluster.history;

/** A key's state: absent (version 0, no value), or a value at a version >= 1. */
record RegisterState(String value, long version) {

    static final RegisterState ABSENT = new RegisterState(null, 0);

    boolean present() {
        return version != 0;
    }

    @Override
    public String toString() {
        return present() ? value + "@v" + version : "absent";
    }
}
