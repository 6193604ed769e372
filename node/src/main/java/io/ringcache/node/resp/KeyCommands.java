package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.ReadModifyWrite;
import io.ringcache.node.cache.WriteCondition;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.ringcache.node.resp.CommandTable.command;

/**
 * Commands on keys of any value: DEL, EXISTS, EXPIRE and kin, TTL and kin, PERSIST, TYPE,
 * RENAME, COPY, SCAN, KEYS, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, TOUCH. Every value is a
 * string, so TYPE answers {@code string} or {@code none}.
 */
final class KeyCommands {

    private static final String KEYSPACE = "@keyspace";
    /** KEYS refuses to build a reply larger than this; SCAN walks any number of keys. */
    static final int MAX_KEYS_REPLY = 1_000_000;

    private final RespServerState state;

    KeyCommands(RespServerState state) {
        this.state = state;
    }

    private CacheStore store() {
        return state.store();
    }

    void register(CommandTable.Builder table) {
        table.add(command("del", -2, "write", 1, -1, 1, "@write " + KEYSPACE + " @slow", "generic", "1.0.0",
                "Deletes one or more keys.", this::del));
        table.add(command("unlink", -2, "write fast", 1, -1, 1, "@write " + KEYSPACE + " @fast", "generic", "4.0.0",
                "Asynchronously deletes one or more keys.", this::del));
        table.add(command("exists", -2, "readonly fast", 1, -1, 1, "@read " + KEYSPACE + " @fast", "generic", "1.0.0",
                "Determines whether one or more keys exist.", this::exists));
        table.add(command("touch", -2, "readonly fast", 1, -1, 1, "@read " + KEYSPACE + " @fast", "generic", "3.2.1",
                "Returns the number of existing keys out of those specified after updating the time they were last "
                        + "accessed.", this::exists));
        table.add(command("type", 2, "readonly fast", 1, 1, 1, "@read " + KEYSPACE + " @fast", "generic", "1.0.0",
                "Determines the type of value stored at a key.", this::type));
        expireCommand(table, "expire", true, false, "1.0.0", "Sets the expiration time of a key in seconds.");
        expireCommand(table, "pexpire", false, false, "2.6.0", "Sets the expiration time of a key in milliseconds.");
        expireCommand(table, "expireat", true, true, "1.2.0", "Sets the expiration time of a key to a Unix timestamp.");
        expireCommand(table, "pexpireat", false, true, "2.6.0",
                "Sets the expiration time of a key to a Unix milliseconds timestamp.");
        ttlCommand(table, "ttl", "1.0.0", "Returns the expiration time in seconds of a key.",
                (ttl, now) -> (ttl + 500) / 1000);
        ttlCommand(table, "pttl", "2.6.0", "Returns the expiration time in milliseconds of a key.", (ttl, now) -> ttl);
        ttlCommand(table, "expiretime", "7.0.0", "Returns the expiration time of a key as a Unix timestamp.",
                (ttl, now) -> (now + ttl + 500) / 1000);
        ttlCommand(table, "pexpiretime", "7.0.0",
                "Returns the expiration time of a key as a Unix milliseconds timestamp.", (ttl, now) -> now + ttl);
        table.add(command("persist", 2, "write fast", 1, 1, 1, "@write " + KEYSPACE + " @fast", "generic", "2.2.0",
                "Removes the expiration time of a key.", this::persist));
        table.add(command("rename", 3, "write", 1, 2, 1, "@write " + KEYSPACE + " @slow", "generic", "1.0.0",
                "Renames a key and overwrites the destination.", call -> rename(call, false)));
        table.add(command("renamenx", 3, "write fast", 1, 2, 1, "@write " + KEYSPACE + " @fast", "generic", "1.0.0",
                "Renames a key only when the target key name doesn't exist.", call -> rename(call, true)));
        table.add(command("copy", -3, "write denyoom", 1, 2, 1, "@write " + KEYSPACE + " @slow", "generic", "6.2.0",
                "Copies the value of a key to a new key.", this::copy));
        table.add(command("scan", -2, "readonly", 0, 0, 0, "@read " + KEYSPACE + " @slow", "generic", "2.8.0",
                "Iterates over the key names in the database.", this::scan));
        table.add(command("keys", 2, "readonly", 0, 0, 0, "@read " + KEYSPACE + " @slow @dangerous", "generic", "1.0.0",
                "Returns all key names that match a pattern.", this::keys));
        table.add(command("randomkey", 1, "readonly", 0, 0, 0, "@read " + KEYSPACE + " @slow", "generic", "1.0.0",
                "Returns a random key name from the database.", this::randomKey));
        table.add(command("dbsize", 1, "readonly fast", 0, 0, 0, KEYSPACE + " @read @fast", "server", "1.0.0",
                "Returns the number of keys in the database.",
                call -> call.reply(store().size(call.cache()), RespWriter::integer)));
        table.add(command("flushdb", -1, "write", 0, 0, 0, KEYSPACE + " @write @slow @dangerous", "server", "1.0.0",
                "Removes all keys from the current database.", call -> flush(call, List.of(call.cache()))));
        table.add(command("flushall", -1, "write", 0, 0, 0, KEYSPACE + " @write @slow @dangerous", "server", "1.0.0",
                "Removes all keys from all databases.",
                call -> flush(call, List.copyOf(state.config().resp().databases().values()))));
    }

    private void del(RespCall call) {
        call.reply(state.batches().deleteMany(call, StringCommands.keys(call, 1, 1)), RespWriter::integer);
    }

    private void exists(RespCall call) {
        call.reply(state.batches().getMany(call, StringCommands.keys(call, 1, 1)),
                (writer, lookups) -> writer.integer(lookups.stream().filter(Lookup::found).count()));
    }

    private void type(RespCall call) {
        call.reply(store().get(call.cache(), call.key(1)),
                (writer, lookup) -> writer.simple(lookup.found() ? "string" : "none"));
    }

    private void expireCommand(CommandTable.Builder table, String name, boolean seconds, boolean absolute,
                               String since, String summary) {
        table.add(command(name, -3, "write fast", 1, 1, 1, "@write " + KEYSPACE + " @fast", "generic", since, summary,
                call -> expire(call, name, seconds, absolute)));
    }

    /** EXPIRE key amount [NX|XX|GT|LT]: sets the key's TTL if the key exists and the options allow it. */
    private void expire(RespCall call, String name, boolean seconds, boolean absolute) {
        long amount = call.integerArg(2);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < call.argc(); i++) {
            if (call.is(i, "NX")) {
                nx = true;
            } else if (call.is(i, "XX")) {
                xx = true;
            } else if (call.is(i, "GT")) {
                gt = true;
            } else if (call.is(i, "LT")) {
                lt = true;
            } else {
                throw new RespError("ERR Unsupported option " + call.text(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new RespError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new RespError("ERR GT and LT options at the same time are not compatible");
        }
        long ttl = Expiry.forExpire(amount, seconds, absolute, name, System.currentTimeMillis());
        boolean onlyWithout = nx;
        boolean onlyWith = xx;
        boolean longer = gt;
        boolean shorter = lt;
        CacheKey key = call.key(1);
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), key, current -> {
            if (!current.found()) {
                return ReadModifyWrite.answer(0L);
            }
            long currentTtl = current.ttlRemainingMs(); // 0 = none, which counts as infinite
            boolean volatileKey = currentTtl > 0;
            long newTtl = ttl == Expiry.EXPIRED ? 0 : ttl;
            boolean allowed = (!onlyWithout || !volatileKey)
                    && (!onlyWith || volatileKey)
                    && (!longer || (volatileKey && newTtl > currentTtl))
                    && (!shorter || !volatileKey || newTtl < currentTtl || ttl == Expiry.EXPIRED);
            if (!allowed) {
                return ReadModifyWrite.answer(0L);
            }
            if (ttl == Expiry.EXPIRED) {
                return ReadModifyWrite.remove(1L);
            }
            return ReadModifyWrite.write(current.value(), ttl, 1L);
        }), RespWriter::integer);
    }

    /** How a TTL command turns a key's remaining milliseconds (and now) into its answer. */
    private interface TtlAnswer {
        long of(long remainingMs, long nowMs);
    }

    private void ttlCommand(CommandTable.Builder table, String name, String since, String summary, TtlAnswer answer) {
        table.add(command(name, 2, "readonly fast", 1, 1, 1, "@read " + KEYSPACE + " @fast", "generic", since, summary,
                call -> call.reply(store().get(call.cache(), call.key(1)), (writer, lookup) -> {
                    if (!lookup.found()) {
                        writer.integer(-2);
                    } else if (lookup.ttlRemainingMs() == 0) {
                        writer.integer(-1);
                    } else {
                        writer.integer(answer.of(lookup.ttlRemainingMs(), System.currentTimeMillis()));
                    }
                })));
    }

    /** PERSIST: a touch to "never expires" (a write with no TTL would take the cache's default TTL). */
    private void persist(RespCall call) {
        CacheKey key = call.key(1);
        call.sequential();
        call.reply(store().get(call.cache(), key).compose(current -> {
            if (!current.found() || current.ttlRemainingMs() == 0) {
                return Future.succeededFuture(0L);
            }
            return store().touch(call.cache(), key, 0).map(touched -> touched ? 1L : 0L);
        }), RespWriter::integer);
    }

    /**
     * RENAME and RENAMENX: the value and its TTL move to the new name. Two keys may live on two
     * owners, so this is a copy then a conditional delete of the source, not one atomic step.
     */
    private void rename(RespCall call, boolean onlyIfAbsent) {
        CacheKey source = call.key(1);
        CacheKey target = call.key(2);
        String cache = call.cache();
        boolean sameKey = java.util.Arrays.equals(source.bytes(), target.bytes());
        call.sequential();
        Future<Long> renamed = store().get(cache, source).compose(current -> {
            if (!current.found()) {
                return Future.failedFuture(new RespError("ERR no such key"));
            }
            if (sameKey) {
                return Future.succeededFuture(onlyIfAbsent ? 0L : 1L);
            }
            WriteCondition condition = onlyIfAbsent ? WriteCondition.IF_ABSENT : WriteCondition.ALWAYS;
            return store().put(cache, target, current.value(), current.ttlRemainingMs(), condition, 0)
                    .compose(written -> {
                        if (!written.applied()) {
                            return Future.succeededFuture(0L);
                        }
                        return store().delete(cache, source, current.version()).map(1L);
                    });
        });
        if (onlyIfAbsent) {
            call.reply(renamed, RespWriter::integer);
        } else {
            call.reply(renamed, (writer, ignored) -> writer.ok());
        }
    }

    /** COPY source destination [DB index] [REPLACE]. */
    private void copy(RespCall call) {
        String targetCache = call.cache();
        boolean replace = false;
        for (int i = 3; i < call.argc(); i++) {
            if (call.is(i, "REPLACE")) {
                replace = true;
            } else if (call.is(i, "DB") && i + 1 < call.argc()) {
                long index = call.integerArg(i + 1);
                targetCache = index < 0 || index > Integer.MAX_VALUE ? null
                        : state.config().resp().databases().get((int) index);
                if (targetCache == null) {
                    throw new RespError(RespErrors.DB_OUT_OF_RANGE);
                }
                i++;
            } else {
                throw RespError.syntax();
            }
        }
        String sourceCache = call.cache();
        String destination = targetCache;
        if (destination.equals(sourceCache) && java.util.Arrays.equals(call.arg(1), call.arg(2))) {
            throw new RespError("ERR source and destination objects are the same");
        }
        WriteCondition condition = replace ? WriteCondition.ALWAYS : WriteCondition.IF_ABSENT;
        call.sequential();
        call.reply(store().get(sourceCache, call.key(1)).compose(current -> current.found()
                ? store().put(destination, call.key(2), current.value(), current.ttlRemainingMs(), condition, 0)
                .map(written -> written.applied() ? 1L : 0L)
                : Future.succeededFuture(0L)), RespWriter::integer);
    }

    /** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]. */
    private void scan(RespCall call) {
        Long cursor = RespNumbers.parseLong(call.arg(1));
        if (cursor == null || cursor < 0) {
            throw new RespError("ERR invalid cursor");
        }
        GlobPattern pattern = null;
        long count = 10;
        boolean strings = true;
        for (int i = 2; i < call.argc(); i++) {
            boolean hasNext = i + 1 < call.argc();
            if (call.is(i, "MATCH") && hasNext) {
                pattern = new GlobPattern(call.arg(i + 1));
                i++;
            } else if (call.is(i, "COUNT") && hasNext) {
                count = call.integerArg(i + 1);
                if (count < 1) {
                    throw RespError.syntax();
                }
                i++;
            } else if (call.is(i, "TYPE") && hasNext) {
                strings = call.is(i + 1, "string");
                i++;
            } else {
                throw RespError.syntax();
            }
        }
        GlobPattern matching = pattern;
        boolean anyKeys = strings;
        call.reply(store().scan(call.cache(), cursor, (int) Math.min(count, Integer.MAX_VALUE)), (writer, page) -> {
            List<byte[]> keys = anyKeys ? matching(page.keys(), matching) : List.of();
            writer.array(2);
            writer.bulk(Long.toString(page.cursor()));
            writer.array(keys.size());
            keys.forEach(writer::bulk);
        });
    }

    private static List<byte[]> matching(List<byte[]> keys, GlobPattern pattern) {
        if (pattern == null || pattern.matchesEverything()) {
            return keys;
        }
        List<byte[]> matched = new ArrayList<>();
        for (byte[] key : keys) {
            if (pattern.matches(key)) {
                matched.add(key);
            }
        }
        return matched;
    }

    /** KEYS pattern: a whole SCAN walk, answered at once; refused beyond {@value #MAX_KEYS_REPLY} keys. */
    private void keys(RespCall call) {
        GlobPattern pattern = new GlobPattern(call.arg(1));
        List<byte[]> found = new ArrayList<>();
        call.reply(walk(call.cache(), 0, pattern, found), (writer, keys) -> {
            writer.array(keys.size());
            keys.forEach(writer::bulk);
        });
    }

    private Future<List<byte[]>> walk(String cache, long cursor, GlobPattern pattern, List<byte[]> found) {
        return store().scan(cache, cursor, 1000).compose(page -> {
            found.addAll(matching(page.keys(), pattern));
            if (found.size() > MAX_KEYS_REPLY) {
                return Future.failedFuture(new RespError("ERR KEYS would answer more than " + MAX_KEYS_REPLY
                        + " keys; walk them with SCAN"));
            }
            return page.isLast() ? Future.succeededFuture(found) : walk(cache, page.cursor(), pattern, found);
        });
    }

    /** RANDOMKEY: a random key of the first page of a SCAN walk that has any (not uniform over all keys). */
    private void randomKey(RespCall call) {
        call.reply(firstKeys(call.cache(), 0, 0), (writer, keys) ->
                writer.bulk(keys.isEmpty() ? null : keys.get(ThreadLocalRandom.current().nextInt(keys.size()))));
    }

    private Future<List<byte[]>> firstKeys(String cache, long cursor, int pages) {
        return store().scan(cache, cursor, 16).compose(page -> {
            if (!page.keys().isEmpty() || page.isLast()) {
                return Future.succeededFuture(page.keys());
            }
            return firstKeys(cache, page.cursor(), pages + 1);
        });
    }

    /** FLUSHDB / FLUSHALL [ASYNC|SYNC]: both modes finish before the reply. */
    private void flush(RespCall call, List<String> caches) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.is(1, "ASYNC") && !call.is(1, "SYNC"))) {
            throw RespError.syntax();
        }
        call.sequential();
        List<Future<Void>> cleared = new ArrayList<>();
        for (String cache : new java.util.LinkedHashSet<>(caches)) {
            cleared.add(store().clear(cache));
        }
        call.reply(Future.all(cleared), (writer, ignored) -> writer.ok());
    }
}
