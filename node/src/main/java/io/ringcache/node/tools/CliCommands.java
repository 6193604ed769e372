package io.ringcache.node.tools;

import io.ringcache.client.BlockingCache;
import io.ringcache.client.GetResult;
import io.ringcache.client.IncrementResult;
import io.ringcache.client.KeyValue;
import io.ringcache.client.PutOptions;
import io.ringcache.client.PutResult;
import io.ringcache.proto.v1.TopologyResponse;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one CLI command through the client library and prints its answer. Keys and values are
 * UTF-8 text; values are printed as their bytes. Returns the exit status: {@link CacheCli#OK},
 * or {@link CacheCli#NO} when the key is missing or a condition did not hold.
 */
final class CliCommands {

    private final BlockingCache cache;
    private final Supplier<TopologyResponse> topology;
    private final PrintStream out;

    CliCommands(BlockingCache cache, Supplier<TopologyResponse> topology, PrintStream out) {
        this.cache = cache;
        this.topology = topology;
        this.out = out;
    }

    int run(CliCommand command, List<String> operands, CliArguments arguments) {
        return switch (command) {
            case GET -> get(operands.get(0));
            case INSPECT -> inspect(operands.get(0));
            case PUT -> put(operands.get(0), operands.get(1), arguments);
            case DELETE -> delete(operands.get(0), arguments);
            case INCR -> increment(operands, arguments);
            case TOUCH -> touch(operands.get(0), arguments);
            case MGET -> getMany(operands);
            case MSET -> putMany(operands, arguments);
            case MDELETE -> deleteMany(operands);
            case TOPOLOGY -> topology();
        };
    }

    private int get(String key) {
        GetResult read = cache.get(key);
        if (!read.found()) {
            out.println(read.possiblyLost() ? "(not found; possibly lost: its partition lost every copy recently)"
                    : "(not found)");
            return CacheCli.NO;
        }
        printValue(read.value());
        return CacheCli.OK;
    }

    private int inspect(String key) {
        GetResult read = cache.get(key);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int slot = TopologyView.slotOf(keyBytes);
        List<String> replicas = new TopologyView(topology.get()).replicasOf(slot);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"cache", cache.name()});
        rows.add(new String[]{"key", key});
        rows.add(new String[]{"found", read.found() ? "yes" : read.possiblyLost() ? "no (possibly lost)" : "no"});
        if (read.found()) {
            rows.add(new String[]{"version", Long.toString(read.version())});
            rows.add(new String[]{"ttl", read.ttlRemainingMs() == 0 ? "never expires" : read.ttlRemainingMs() + " ms left"});
            rows.add(new String[]{"bytes", Integer.toString(read.value().length)});
        }
        rows.add(new String[]{"slot", Integer.toString(slot)});
        rows.add(new String[]{"owner", replicas.get(0)});
        for (int i = 1; i < replicas.size(); i++) {
            rows.add(new String[]{"backup " + i, replicas.get(i)});
        }
        out.print(Columns.format(rows));
        return read.found() ? CacheCli.OK : CacheCli.NO;
    }

    private int put(String key, String value, CliArguments arguments) {
        PutOptions options = condition(arguments).ttl(CliValues.ttl(arguments));
        PutResult written = cache.put(key, value, options);
        if (written.applied()) {
            out.println("applied, version " + written.version());
            return CacheCli.OK;
        }
        out.println("not applied: " + (written.version() == 0 ? "the key does not exist"
                : options.condition() == PutOptions.Condition.IF_ABSENT ? "the key exists, at version " + written.version()
                : "the key is at version " + written.version()));
        return CacheCli.NO;
    }

    private static PutOptions condition(CliArguments arguments) {
        int conditions = (arguments.has(CliOption.IF_ABSENT) ? 1 : 0) + (arguments.has(CliOption.IF_PRESENT) ? 1 : 0)
                + (arguments.has(CliOption.IF_VERSION) ? 1 : 0);
        if (conditions > 1) {
            throw new CliUsageException("give one of --if-absent, --if-present and --if-version");
        }
        if (arguments.has(CliOption.IF_ABSENT)) {
            return PutOptions.ifAbsent();
        }
        if (arguments.has(CliOption.IF_PRESENT)) {
            return PutOptions.ifPresent();
        }
        return arguments.has(CliOption.IF_VERSION) ? PutOptions.ifVersion(CliValues.version(arguments))
                : PutOptions.always();
    }

    private int delete(String key, CliArguments arguments) {
        long version = arguments.has(CliOption.IF_VERSION) ? CliValues.version(arguments) : 0;
        if (cache.delete(key.getBytes(StandardCharsets.UTF_8), version)) {
            out.println("deleted");
            return CacheCli.OK;
        }
        out.println(version == 0 ? "not deleted: the key does not exist"
                : "not deleted: the key does not exist or is not at version " + version);
        return CacheCli.NO;
    }

    private int increment(List<String> operands, CliArguments arguments) {
        long delta = operands.size() > 1 ? CliValues.whole(operands.get(1), "DELTA") : 1;
        long initial = arguments.value(CliOption.INITIAL).map(v -> CliValues.whole(v, "--initial")).orElse(0L);
        IncrementResult counted = cache.increment(key(operands.get(0)), delta, initial, CliValues.ttl(arguments));
        out.println(counted.value());
        return CacheCli.OK;
    }

    private int touch(String key, CliArguments arguments) {
        if (!arguments.has(CliOption.TTL)) {
            throw new CliUsageException("touch needs --ttl (0 = never expires)");
        }
        if (cache.touch(key, CliValues.ttl(arguments))) {
            out.println("touched");
            return CacheCli.OK;
        }
        out.println("(not found)");
        return CacheCli.NO;
    }

    private int getMany(List<String> keys) {
        for (GetResult read : cache.getMany(keys.toArray(String[]::new))) {
            if (read.found()) {
                printValue(read.value());
            } else {
                out.println("(nil)");
            }
        }
        return CacheCli.OK;
    }

    private int putMany(List<String> operands, CliArguments arguments) {
        List<KeyValue> entries = new ArrayList<>();
        for (int i = 0; i < operands.size(); i += 2) {
            entries.add(KeyValue.of(operands.get(i), operands.get(i + 1)));
        }
        List<Long> versions = cache.putMany(entries, CliValues.ttl(arguments));
        for (int i = 0; i < versions.size(); i++) {
            out.println(operands.get(2 * i) + " version " + versions.get(i));
        }
        return CacheCli.OK;
    }

    private int deleteMany(List<String> keys) {
        out.println(cache.deleteMany(keys.toArray(String[]::new)));
        return CacheCli.OK;
    }

    private int topology() {
        out.print(new TopologyView(topology.get()).table());
        return CacheCli.OK;
    }

    private void printValue(byte[] value) {
        out.write(value, 0, value.length);
        out.println();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
