package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.config.NodeConfig;
import io.vertx.core.Future;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ringcache.node.resp.CommandTable.command;
import static io.ringcache.node.resp.CommandTable.container;

/** Server commands tools and clients send: INFO, CONFIG GET, TIME, ROLE, FUNCTION FLUSH, COMMAND. */
final class ServerCommands {

    private final RespServerState state;
    private final CommandIntrospection introspection;

    ServerCommands(RespServerState state, CommandIntrospection introspection) {
        this.state = state;
        this.introspection = introspection;
    }

    void register(CommandTable.Builder table) {
        table.add(command("info", -1, "loading stale", 0, 0, 0, "@slow @dangerous", "server", "1.0.0",
                "Returns information and statistics about the server.", this::info));
        table.add(command("time", 1, "loading stale fast", 0, 0, 0, "@fast", "server", "2.6.0",
                "Returns the server time.", this::time));
        table.add(command("role", 1, "noscript loading stale fast", 0, 0, 0, "@admin @fast @dangerous", "server",
                "2.8.12", "Returns the replication role.", call -> call.reply(writer -> {
                    writer.array(3).bulk("master").integer(0).array(0);
                })));
        table.add(container("config", -2, "server", "2.0.0", "A container for server configuration commands.", List.of(
                ConnectionCommands.sub("config|get", -3, "Returns the effective values of configuration parameters.",
                        this::configGet),
                ConnectionCommands.sub("config|set", -4, "Sets configuration parameters in-flight.", this::configSet),
                ConnectionCommands.sub("config|resetstat", 2, "Resets the server's statistics.", RespCall::ok),
                ConnectionCommands.sub("config|help", 2, "Returns helpful text about the different subcommands.",
                        call -> Help.reply(call, "CONFIG", "GET <pattern>", "SET <directive> <value>", "RESETSTAT")))));
        table.add(container("function", -2, "scripting", "7.0.0", "A container for function commands.", List.of(
                ConnectionCommands.sub("function|flush", -2, "Deletes all libraries and functions (there are none).",
                        RespCall::ok),
                ConnectionCommands.sub("function|list", -2, "Returns information about all libraries (there are none).",
                        call -> call.reply(writer -> writer.array(0))))));
        introspection.register(table);
    }

    private void time(RespCall call) {
        java.time.Instant now = java.time.Instant.now();
        call.reply(writer -> writer.array(2).bulk(Long.toString(now.getEpochSecond()))
                .bulk(Long.toString(now.getNano() / 1000)));
    }

    /** The configuration parameters tools ask for, with what is true of this node. */
    private Map<String, String> config() {
        NodeConfig config = state.config();
        CacheSettings cache = config.caches().get(CacheSettings.DEFAULT_NAME);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("save", "");
        values.put("appendonly", "no");
        values.put("databases", Integer.toString(config.resp().databases().keySet().stream().mapToInt(i -> i).max()
                .orElse(0) + 1));
        values.put("maxmemory", Long.toString(maxMemory()));
        values.put("maxmemory-policy", policy(cache));
        values.put("port", Integer.toString(config.resp().port()));
        values.put("bind", config.bindHost());
        values.put("cluster-enabled", "yes");
        values.put("timeout", Long.toString(config.idleTimeout().toSeconds()));
        values.put("proto-max-bulk-len", Integer.toString(Math.max(config.maxKeyBytes(), config.maxValueBytes())));
        values.put("client-query-buffer-limit", Integer.toString(config.maxRequestBytes()));
        values.put("requirepass", "");
        values.put("lazyfree-lazy-user-flush", "no");
        return values;
    }

    /** The heap writes may fill before they are refused: the node's memory limit. */
    private long maxMemory() {
        return Runtime.getRuntime().maxMemory() / 100 * state.config().heapWriteLimit();
    }

    private static String policy(CacheSettings cache) {
        return switch (cache.eviction()) {
            case LRU -> "allkeys-lru";
            case LFU -> "allkeys-lfu";
            case NONE -> "noeviction";
        };
    }

    private void configGet(RespCall call) {
        Map<String, String> values = config();
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < call.argc(); i++) {
            GlobPattern pattern = new GlobPattern(call.text(i).toLowerCase(Locale.ROOT).getBytes());
            values.forEach((name, value) -> {
                if (pattern.matches(name.getBytes())) {
                    matched.put(name, value);
                }
            });
        }
        call.reply(writer -> {
            writer.map(matched.size());
            matched.forEach((name, value) -> writer.bulk(name).bulk(value));
        });
    }

    /**
     * CONFIG SET: the node's settings come from its configuration and cannot change while it
     * runs; setting a parameter to the value it already has is accepted (test suites and tools
     * restore what they read).
     */
    private void configSet(RespCall call) {
        if ((call.argc() - 2) % 2 != 0) {
            throw new RespError(RespErrors.wrongArity("config|set"));
        }
        Map<String, String> values = config();
        for (int i = 2; i < call.argc(); i += 2) {
            String name = call.text(i).toLowerCase(Locale.ROOT);
            String current = values.get(name);
            if (current == null || !current.equals(call.text(i + 1))) {
                throw new RespError("ERR CONFIG SET failed (possibly related to argument '" + name
                        + "') - ringcache takes its configuration at start-up (see --help)");
            }
        }
        call.ok();
    }

    /** INFO [section ...]: server, clients, memory, stats, replication, cluster, keyspace. */
    private void info(RespCall call) {
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i < call.argc(); i++) {
            wanted.add(call.text(i).toLowerCase(Locale.ROOT));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        Future<String> keyspace = all || wanted.contains("keyspace") ? keyspace() : Future.succeededFuture("");
        call.reply(keyspace.map(keyspaceText -> {
            StringBuilder text = new StringBuilder();
            section(text, all, wanted, "server", server());
            section(text, all, wanted, "clients", "connected_clients:" + state.connections().size() + "\r\n"
                    + "blocked_clients:0\r\nmaxclients:10000\r\n");
            section(text, all, wanted, "memory", memory());
            section(text, all, wanted, "stats", stats());
            section(text, all, wanted, "replication", "role:master\r\nconnected_slaves:0\r\n");
            section(text, all, wanted, "cluster", "cluster_enabled:1\r\n");
            section(text, all, wanted, "keyspace", keyspaceText);
            return text.toString();
        }), RespWriter::verbatim);
    }

    private static void section(StringBuilder text, boolean all, List<String> wanted, String name, String body) {
        if (all || wanted.contains(name)) {
            if (!text.isEmpty()) {
                text.append("\r\n");
            }
            text.append("# ").append(Character.toUpperCase(name.charAt(0))).append(name.substring(1)).append("\r\n")
                    .append(body);
        }
    }

    private String server() {
        long uptimeSeconds = (System.currentTimeMillis() - state.startedMillis()) / 1000;
        return "redis_version:" + ConnectionCommands.REDIS_VERSION + "\r\n"
                + "redis_mode:cluster\r\n"
                + "server_name:ringcache\r\n"
                + "ringcache_version:" + RespServerState.class.getPackage().getImplementationVersion() + "\r\n"
                + "os:" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\r\n"
                + "arch_bits:" + (System.getProperty("os.arch").contains("64") ? 64 : 32) + "\r\n"
                + "process_id:" + ProcessHandle.current().pid() + "\r\n"
                + "tcp_port:" + state.config().resp().port() + "\r\n"
                + "uptime_in_seconds:" + uptimeSeconds + "\r\n"
                + "uptime_in_days:" + uptimeSeconds / 86400 + "\r\n"
                + "executable:java\r\n";
    }

    private String memory() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long owned = state.store().describeCaches().stream().mapToLong(CacheInfo::ownedBytes).sum();
        return "used_memory:" + used + "\r\n"
                + "used_memory_human:" + used / (1024 * 1024) + "M\r\n"
                + "used_memory_dataset:" + owned + "\r\n"
                + "maxmemory:" + maxMemory() + "\r\n"
                + "maxmemory_human:" + maxMemory() / (1024 * 1024) + "M\r\n"
                + "maxmemory_policy:" + policy(state.config().caches().get(CacheSettings.DEFAULT_NAME)) + "\r\n"
                + "total_system_memory:" + totalSystemMemory() + "\r\n";
    }

    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private String stats() {
        long hits = 0;
        long reads = 0;
        long evictions = 0;
        long expirations = 0;
        for (CacheInfo info : state.store().describeCaches()) {
            hits += info.hits();
            reads += info.reads();
            evictions += info.evictions();
            expirations += info.expirations();
        }
        return "keyspace_hits:" + hits + "\r\n"
                + "keyspace_misses:" + Math.max(0, reads - hits) + "\r\n"
                + "evicted_keys:" + evictions + "\r\n"
                + "expired_keys:" + expirations + "\r\n";
    }

    /** One line per mapped database that holds keys, counted across the cluster. */
    private Future<String> keyspace() {
        Map<Integer, String> databases = state.config().resp().databases();
        List<Integer> indexes = new ArrayList<>(databases.keySet());
        List<Future<Long>> sizes = new ArrayList<>();
        for (int index : indexes) {
            sizes.add(state.store().size(databases.get(index)));
        }
        return Future.all(sizes).map(done -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < indexes.size(); i++) {
                long keys = sizes.get(i).result();
                if (keys > 0) {
                    text.append("db").append(indexes.get(i)).append(":keys=").append(keys)
                            .append(",expires=0,avg_ttl=0\r\n");
                }
            }
            return text.toString();
        });
    }
}
