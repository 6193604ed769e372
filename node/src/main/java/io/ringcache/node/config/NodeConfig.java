package io.ringcache.node.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's whole configuration, immutable and validated; built by {@link ConfigLoader} from
 * defaults, an optional YAML file, {@code RINGCACHE_*} environment variables and flags, each
 * overriding the one before. See {@link Settings} for what every field means; {@code caches}
 * holds every named cache (always {@code default}), declared under {@code caches:} in the file.
 */
public record NodeConfig(
        int grpcPort,
        int grpcEventLoops,
        int httpPort,
        RespSettings resp,
        int hazelcastPort,
        String bindHost,
        String advertiseHost,
        String clientHost,
        String clusterName,
        JoinSpec join,
        int backups,
        int partitionCount,
        int maxKeyBytes,
        int maxValueBytes,
        int maxBatchKeys,
        int maxRequestBytes,
        Duration memberTimeout,
        Duration joinWait,
        Duration shutdownTimeout,
        Duration idleTimeout,
        Duration requestReadTimeout,
        int heapWriteLimit,
        QuorumSpec quorum,
        MergePolicy mergePolicy,
        Duration lostDataWindow,
        Duration deletedKeyRetention,
        TlsSettings tls,
        Secret authToken,
        LogFormat logFormat,
        Map<String, CacheSettings> caches) {

    public NodeConfig {
        caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
    }

}
