package io.ringcache.node.config;

import java.util.List;
import java.util.Optional;

/** The table of every setting the node reads; {@code --help} and the README list it. */
public final class Settings {

    public static final Setting CONFIG = new Setting("config", "",
            "Path of an optional YAML config file whose keys are these setting names");
    public static final Setting GRPC_PORT = new Setting("grpc-port", "7070", "gRPC port (the cache API)");
    public static final Setting GRPC_EVENT_LOOPS = new Setting("grpc-event-loops", "0",
            "Event loops serving gRPC connections (each connection stays on one); 0 = half the CPU cores, at least 1 (the other half runs Hazelcast's partition threads, which apply writes)");
    public static final Setting HTTP_PORT = new Setting("http-port", "8080",
            "HTTP port: /health (liveness, readiness, cluster-safety), the /v1 key API and cluster view, /metrics (Prometheus)");
    public static final Setting RESP_PORT = new Setting("resp-port", "6379",
            "Redis protocol (RESP2/RESP3) port: every Redis client and tool works against it; off = no RESP endpoint");
    public static final Setting RESP_DATABASES = new Setting("resp-databases", "0=default",
            "Redis database index to named cache, e.g. 0=default,1=sessions: SELECT n uses that cache; other indexes are out of range");
    public static final Setting RESP_REDIRECT = new Setting("resp-redirect", "serve",
            "serve = a RESP command for a key another member owns is routed there; moved = answered with MOVED slot host:port, as Redis Cluster does");
    public static final Setting RESP_MAX_IN_FLIGHT = new Setting("resp-max-in-flight", "1024",
            "Commands one RESP connection may have in progress; beyond it the node stops reading from that connection until answers go out");
    public static final Setting RESP_EVENT_LOOPS = new Setting("resp-event-loops", "0",
            "Event loops serving RESP connections (each connection stays on one); 0 = one per CPU core: reads of keys this node owns are answered on them");
    public static final Setting HAZELCAST_PORT = new Setting("hazelcast-port", "5701",
            "Member-to-member port; keep it off client networks");
    public static final Setting BIND_HOST = new Setting("bind-host", "0.0.0.0",
            "Address every server binds to");
    public static final Setting ADVERTISE_HOST = new Setting("advertise-host", "",
            "Address other members and clients use for this node; empty = the member's own interface address");
    public static final Setting CLIENT_HOST = new Setting("client-host", "",
            "Host clients are told to reach this node's gRPC, HTTP and RESP endpoints at (topology, CLUSTER SLOTS/NODES); empty = advertise-host, else the member's address. Unlike advertise-host it is never resolved by the node: a Kubernetes pod's DNS name fits");
    public static final Setting CLUSTER_NAME = new Setting("cluster-name", "ringcache",
            "Only members with the same cluster name join each other");
    public static final Setting JOIN = new Setting("join", "",
            "Empty = run alone; host[:port],host[:port],... = static members; dns:NAME[:port] = every address NAME resolves to, re-resolved while joining");
    public static final Setting BACKUPS = new Setting("backups", "1",
            "Synchronous backup copies of every entry (0-6); a write is acknowledged once they hold it");
    public static final Setting PARTITION_COUNT = new Setting("partition-count", "271",
            "Partitions of the key space (1-16384: each holds at least one slot); every member of a cluster must use the same count");
    public static final Setting MAX_KEY_BYTES = new Setting("max-key-bytes", "65536", "Largest key accepted, in bytes");
    public static final Setting MAX_VALUE_BYTES = new Setting("max-value-bytes", "1048576",
            "Largest value accepted, in bytes");
    public static final Setting MAX_BATCH_KEYS = new Setting("max-batch-keys", "1000",
            "Most keys one GetMany, PutMany or DeleteMany may carry");
    public static final Setting MAX_REQUEST_BYTES = new Setting("max-request-bytes", "4194304",
            "Largest request message accepted, in bytes (a batch must fit); larger is RESOURCE_EXHAUSTED");
    public static final Setting MEMBER_TIMEOUT = new Setting("member-timeout", "8s",
            "A member that sends no heartbeat for this long is removed and its partitions promoted (heartbeats every 1s)");
    public static final Setting JOIN_WAIT = new Setting("join-wait", "2s",
            "How long a starting member looks for others before forming a cluster of its own");
    public static final Setting SHUTDOWN_TIMEOUT = new Setting("shutdown-timeout", "30s",
            "On SIGTERM: the longest wait for in-flight requests, and then for the partition hand-off");

    public static final Setting IDLE_TIMEOUT = new Setting("idle-timeout", "5m",
            "A client connection (gRPC, HTTP or RESP) that sends and receives nothing for this long is closed (an idle WatchTopology stream too: re-open it)");
    public static final Setting REQUEST_READ_TIMEOUT = new Setting("request-read-timeout", "10s",
            "A client must send a whole request within this long: HTTP/1 headers and body from its first byte (else 408 and the connection is closed), an HTTP/2 stream from its opening (else the stream is reset); a RESP command from its first byte (else the connection is closed); Pipeline streams are exempt");
    public static final Setting HEAP_WRITE_LIMIT = new Setting("heap-write-limit", "90",
            "Percent of the heap still in use after a GC above which writes that add keys are refused (RESOURCE_EXHAUSTED) until memory is freed; 100 = off");
    public static final Setting SPLIT_BRAIN_PROTECTION = new Setting("split-brain-protection", "auto",
            "auto = serve only while seeing a strict majority of the expected members (clusters of 3 or more; graceful leaves shrink the expectation, crashes do not); off; or N = at least N members");
    public static final Setting MERGE_POLICY = new Setting("merge-policy", "put-if-absent",
            "When a split heals, the smaller side's entries are: put-if-absent = added where the larger side lacks the key, never where it deleted the key within deleted-key-retention (restores partitions lost during the split); discard = dropped");
    public static final Setting DELETED_KEY_RETENTION = new Setting("deleted-key-retention", "5m",
            "How long a deleted key keeps a tombstone (its key and 16 bytes, no value), so a heal's put-if-absent merge does not bring it back from the smaller side; a split longer than this can. 0 = none. Not kept in caches capped by max-entries-per-node");
    public static final Setting LOST_DATA_WINDOW = new Setting("lost-data-window", "15m",
            "How long after a partition lost all its copies a miss on its keys is flagged as possibly lost (and readiness says so)");

    public static final Setting TLS_CERT = new Setting("tls-cert", "",
            "PEM certificate chain file: with tls-key, the gRPC, HTTP and RESP ports speak TLS only; empty = plain text");
    public static final Setting TLS_KEY = new Setting("tls-key", "",
            "PEM private key file (PKCS#8 or PKCS#1) for tls-cert");
    public static final Setting TLS_CLIENT_CA = new Setting("tls-client-ca", "",
            "PEM CA bundle: when set, gRPC and RESP clients must present a certificate it signed (mutual TLS), and so must HTTP key-API clients; health and metrics stay open");
    public static final Setting TLS_HANDSHAKE_TIMEOUT = new Setting("tls-handshake-timeout", "10s",
            "A connection that has not completed its TLS handshake within this long is closed");
    public static final Setting AUTH_TOKEN = new Setting("auth-token", "",
            "When set, every gRPC call (health excepted) and every HTTP /v1 call needs 'authorization: Bearer <token>', and RESP connections AUTH with it; never logged");
    public static final Setting AUTH_TOKEN_FILE = new Setting("auth-token-file", "",
            "File holding the auth token (surrounding whitespace ignored), instead of auth-token");
    public static final Setting LOG_FORMAT = new Setting("log-format", "text",
            "text = human-readable lines; json = one JSON object per line");

    /** Every setting, in {@code --help} order. */
    public static final List<Setting> ALL = List.of(CONFIG, GRPC_PORT, GRPC_EVENT_LOOPS, HTTP_PORT, RESP_PORT, RESP_DATABASES,
            RESP_REDIRECT, RESP_MAX_IN_FLIGHT, RESP_EVENT_LOOPS, HAZELCAST_PORT, BIND_HOST,
            ADVERTISE_HOST, CLIENT_HOST, CLUSTER_NAME, JOIN, BACKUPS, PARTITION_COUNT, MAX_KEY_BYTES, MAX_VALUE_BYTES,
            MAX_BATCH_KEYS, MAX_REQUEST_BYTES, MEMBER_TIMEOUT, JOIN_WAIT, SHUTDOWN_TIMEOUT, IDLE_TIMEOUT, REQUEST_READ_TIMEOUT, HEAP_WRITE_LIMIT, SPLIT_BRAIN_PROTECTION,
            MERGE_POLICY, DELETED_KEY_RETENTION, LOST_DATA_WINDOW, TLS_CERT, TLS_KEY, TLS_CLIENT_CA, TLS_HANDSHAKE_TIMEOUT, AUTH_TOKEN,
            AUTH_TOKEN_FILE, LOG_FORMAT);

    private Settings() {
    }

    /** The setting with this kebab-case name, if there is one. */
    public static Optional<Setting> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The setting read from this environment variable, if there is one. */
    public static Optional<Setting> byEnvName(String envName) {
        return ALL.stream().filter(s -> s.envName().equals(envName)).findFirst();
    }
}
