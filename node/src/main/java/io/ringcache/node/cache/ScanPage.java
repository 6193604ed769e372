package io.ringcache.node.cache;

import java.util.List;

/**
 * One page of a cursor walk over a cache's live keys (see {@link CacheStore#scan}).
 *
 * @param cursor the cursor to pass for the next page; 0 when the walk is complete
 * @param keys   the keys of this page (possibly none); each array is the caller's to keep
 */
public record ScanPage(long cursor, List<byte[]> keys) {

    /** Copies {@code keys} into an unmodifiable list (the arrays themselves are not copied). */
    public ScanPage {
        keys = List.copyOf(keys);
    }

    /** Whether this is the walk's last page. */
    public boolean isLast() {
        return cursor == 0;
    }
}
