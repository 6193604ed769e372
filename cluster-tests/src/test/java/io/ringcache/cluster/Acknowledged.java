package io.ringcache.cluster;

import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.proto.v1.GetResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of acknowledged writes, shared by every loss test. */
final class Acknowledged {

    private Acknowledged() {
    }

    /** The keys of {@code written} that {@code client} cannot read back with their value. */
    static List<String> unreadable(CacheTestClient client, Map<String, String> written) {
        List<String> missing = new ArrayList<>();
        written.forEach((key, value) -> {
            GetResponse response = client.get(key);
            if (!response.getFound() || !response.getValue().toStringUtf8().equals(value)) {
                missing.add(key);
            }
        });
        return missing;
    }
}
