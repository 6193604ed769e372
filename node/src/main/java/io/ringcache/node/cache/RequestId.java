package io.ringcache.node.cache;

/**
 * A client-chosen id that makes an increment safe to send again: the key's owner answers a
 * repeated id with the first result (see {@code IncrementRequest.request_id} in cache.proto).
 *
 * @param id    the id; empty for none
 * @param retry whether this is a second or later attempt with the id
 */
public record RequestId(String id, boolean retry) {

    /** No id: the increment is applied every time it arrives. */
    public static final RequestId NONE = new RequestId("", false);

    /** The longest id accepted, in UTF-16 chars (the wire's limit is 128 bytes). */
    public static final int MAX_LENGTH = 128;

    public RequestId {
        if (id == null) {
            throw new IllegalArgumentException("request id must not be null");
        }
    }

    public boolean present() {
        return !id.isEmpty();
    }
}
