package io.ringcache.node.resp;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheException;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.ReadModifyWrite;
import io.ringcache.node.cache.WriteCondition;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ringcache.node.resp.CommandTable.command;

/**
 * String commands. Each maps to one store operation where the store has one (GET, SET, MGET,
 * MSET, INCR ...); the rest change a key from its current value through
 * {@link ReadModifyWrite}, which is atomic per key. Values are bytes; counters are the same
 * decimal text gRPC's Increment writes, so either protocol reads what the other wrote.
 */
final class StringCommands {

    private static final String STRING = "@string";
    private static final long MAX_STRING_BYTES = 512L * 1024 * 1024;
    private static final byte[] ZERO = {'0'};

    private final RespServerState state;

    StringCommands(RespServerState state) {
        this.state = state;
    }

    private CacheStore store() {
        return state.store();
    }

    void register(CommandTable.Builder table) {
        table.add(command("get", 2, "readonly fast", 1, 1, 1, "@read " + STRING + " @fast", "string", "1.0.0",
                "Returns the string value of a key.", this::get));
        table.add(command("set", -3, "write denyoom", 1, 1, 1, "@write " + STRING + " @slow", "string", "1.0.0",
                "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", this::set));
        table.add(command("setnx", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Set the string value of a key only when the key doesn't exist.", this::setnx));
        table.add(command("setex", 4, "write denyoom", 1, 1, 1, "@write " + STRING + " @slow", "string", "2.0.0",
                "Sets the string value and expiration time of a key.", call -> setWithTtl(call, true)));
        table.add(command("psetex", 4, "write denyoom", 1, 1, 1, "@write " + STRING + " @slow", "string", "2.6.0",
                "Sets both string value and expiration time in milliseconds of a key.", call -> setWithTtl(call, false)));
        table.add(command("getset", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Returns the previous string value of a key after setting it to a new value.", this::getset));
        table.add(command("getdel", 2, "write fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "6.2.0",
                "Returns the string value of a key after deleting the key.", this::getdel));
        table.add(command("getex", -2, "write fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "6.2.0",
                "Returns the string value of a key after setting its expiration time.", this::getex));
        table.add(command("mget", -2, "readonly fast", 1, -1, 1, "@read " + STRING + " @fast", "string", "1.0.0",
                "Atomically returns the string values of one or more keys.", this::mget));
        table.add(command("mset", -3, "write denyoom", 1, -1, 2, "@write " + STRING + " @slow", "string", "1.0.1",
                "Atomically creates or modifies the string values of one or more keys.", this::mset));
        table.add(command("msetnx", -3, "write denyoom", 1, -1, 2, "@write " + STRING + " @slow", "string", "1.0.1",
                "Atomically modifies the string values of one or more keys only when all keys don't exist.", this::msetnx));
        table.add(command("append", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "2.0.0",
                "Appends a string to the value of a key. Creates the key if it doesn't exist.", this::append));
        table.add(command("strlen", 2, "readonly fast", 1, 1, 1, "@read " + STRING + " @fast", "string", "2.2.0",
                "Returns the length of a string value.", this::strlen));
        table.add(command("getrange", 4, "readonly", 1, 1, 1, "@read " + STRING + " @slow", "string", "2.4.0",
                "Returns a substring of the string stored at a key.", this::getrange));
        table.add(command("substr", 4, "readonly", 1, 1, 1, "@read " + STRING + " @slow", "string", "1.0.0",
                "Returns a substring from a string value.", this::getrange));
        table.add(command("setrange", 4, "write denyoom", 1, 1, 1, "@write " + STRING + " @slow", "string", "2.2.0",
                "Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.",
                this::setrange));
        table.add(command("incr", 2, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
                call -> increment(call, 1)));
        table.add(command("decr", 2, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
                call -> increment(call, -1)));
        table.add(command("incrby", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
                call -> increment(call, call.integerArg(2))));
        table.add(command("decrby", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string", "1.0.0",
                "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.",
                this::decrby));
        table.add(command("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "@write " + STRING + " @fast", "string",
                "2.6.0", "Increment the floating point value of a key by a number. Uses 0 as initial value if the key "
                        + "doesn't exist.", this::incrbyfloat));
        table.add(command("setbit", 4, "write denyoom", 1, 1, 1, "@write @bitmap @slow", "bitmap", "2.2.0",
                "Sets or clears the bit at offset of the string value. Creates the key if it doesn't exist.", this::setbit));
        table.add(command("getbit", 3, "readonly fast", 1, 1, 1, "@read @bitmap @fast", "bitmap", "2.2.0",
                "Returns a bit value by offset.", this::getbit));
        table.add(command("lcs", -3, "readonly", 1, 2, 1, "@read " + STRING + " @slow", "string", "7.0.0",
                "Finds the longest common substring.", call -> Lcs.run(call, store())));
    }

    private void get(RespCall call) {
        call.reply(store().get(call.cache(), call.key(1)), (writer, lookup) -> writer.bulk(lookup.value()));
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]. */
    private void set(RespCall call) {
        WriteCondition condition = WriteCondition.ALWAYS;
        boolean get = false;
        boolean keepTtl = false;
        long ttlMs = 0;
        boolean expirySet = false;
        long now = System.currentTimeMillis();
        for (int i = 3; i < call.argc(); i++) {
            boolean hasNext = i + 1 < call.argc();
            if (call.is(i, "NX") && condition != WriteCondition.IF_PRESENT) {
                condition = WriteCondition.IF_ABSENT;
            } else if (call.is(i, "XX") && condition != WriteCondition.IF_ABSENT) {
                condition = WriteCondition.IF_PRESENT;
            } else if (call.is(i, "GET")) {
                get = true;
            } else if (call.is(i, "KEEPTTL") && !expirySet) {
                keepTtl = true;
                expirySet = true;
            } else if (!expirySet && hasNext && (call.is(i, "EX") || call.is(i, "PX") || call.is(i, "EXAT")
                    || call.is(i, "PXAT"))) {
                boolean seconds = call.is(i, "EX") || call.is(i, "EXAT");
                boolean absolute = call.is(i, "EXAT") || call.is(i, "PXAT");
                ttlMs = Expiry.forWrite(call.integerArg(i + 1), seconds, absolute, "set", now);
                expirySet = true;
                i++;
            } else {
                throw RespError.syntax();
            }
        }
        CacheKey key = call.key(1);
        byte[] value = call.arg(2);
        if (!get && !keepTtl && ttlMs != Expiry.EXPIRED) {
            WriteCondition applied = condition;
            call.reply(store().put(call.cache(), key, value, ttlMs, applied, 0), (writer, result) -> {
                if (result.applied()) {
                    writer.ok();
                } else {
                    writer.nil();
                }
            });
            return;
        }
        // Needs the current value: the old value (GET), its TTL (KEEPTTL), or the condition
        // decided before an immediately expiring write removes the key.
        WriteCondition wanted = condition;
        boolean answerOld = get;
        boolean keep = keepTtl;
        long ttl = ttlMs;
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), key, current -> {
            boolean holds = wanted.holds(current.found() ? current.version() : 0, 0);
            SetOutcome outcome = new SetOutcome(holds, current.value());
            if (!holds) {
                return ReadModifyWrite.answer(outcome);
            }
            if (ttl == Expiry.EXPIRED) {
                return ReadModifyWrite.remove(outcome);
            }
            return ReadModifyWrite.write(value, keep ? current.ttlRemainingMs() : ttl, outcome);
        }), (writer, outcome) -> {
            if (answerOld) {
                writer.bulk(outcome.old());
            } else if (outcome.applied()) {
                writer.ok();
            } else {
                writer.nil();
            }
        });
    }

    private record SetOutcome(boolean applied, byte[] old) {
    }

    private void setnx(RespCall call) {
        call.reply(store().put(call.cache(), call.key(1), call.arg(2), 0, WriteCondition.IF_ABSENT, 0),
                (writer, result) -> writer.integer(result.applied() ? 1 : 0));
    }

    private void setWithTtl(RespCall call, boolean seconds) {
        String name = seconds ? "setex" : "psetex";
        long ttl = Expiry.forWrite(call.integerArg(2), seconds, false, name, System.currentTimeMillis());
        call.reply(store().put(call.cache(), call.key(1), call.arg(3), ttl, WriteCondition.ALWAYS, 0),
                (writer, result) -> writer.ok());
    }

    private void getset(RespCall call) {
        byte[] value = call.arg(2);
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1),
                current -> ReadModifyWrite.write(value, 0, current.value())), RespWriter::bulk);
    }

    private void getdel(RespCall call) {
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1), current -> current.found()
                ? ReadModifyWrite.remove(current.value()) : ReadModifyWrite.answer((byte[]) null)), RespWriter::bulk);
    }

    /** GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]. */
    private void getex(RespCall call) {
        long ttl = -2; // -2: leave the expiry alone; 0: persist
        long now = System.currentTimeMillis();
        for (int i = 2; i < call.argc(); i++) {
            boolean hasNext = i + 1 < call.argc();
            if (call.is(i, "PERSIST") && ttl == -2) {
                ttl = 0;
            } else if (ttl == -2 && hasNext && (call.is(i, "EX") || call.is(i, "PX") || call.is(i, "EXAT")
                    || call.is(i, "PXAT"))) {
                boolean seconds = call.is(i, "EX") || call.is(i, "EXAT");
                boolean absolute = call.is(i, "EXAT") || call.is(i, "PXAT");
                ttl = Expiry.forWrite(call.integerArg(i + 1), seconds, absolute, "getex", now);
                i++;
            } else {
                throw RespError.syntax();
            }
        }
        CacheKey key = call.key(1);
        long newTtl = ttl;
        Future<byte[]> answer;
        if (newTtl == -2) {
            answer = store().get(call.cache(), key).map(Lookup::value);
        } else if (newTtl == 0) {
            // PERSIST: a touch to "never expires" (a write with no TTL would take the cache's default TTL).
            call.sequential();
            answer = store().get(call.cache(), key).compose(current -> current.found() && current.ttlRemainingMs() > 0
                    ? store().touch(call.cache(), key, 0).map(current.value())
                    : Future.succeededFuture(current.value()));
        } else if (newTtl == Expiry.EXPIRED) {
            call.sequential();
            answer = ReadModifyWrite.apply(store(), call.cache(), key, current -> current.found()
                    ? ReadModifyWrite.remove(current.value()) : ReadModifyWrite.answer((byte[]) null));
        } else {
            call.sequential();
            answer = ReadModifyWrite.apply(store(), call.cache(), key, current -> current.found()
                    ? ReadModifyWrite.write(current.value(), newTtl, current.value())
                    : ReadModifyWrite.answer((byte[]) null));
        }
        call.reply(answer, RespWriter::bulk);
    }

    private void mget(RespCall call) {
        List<CacheKey> keys = keys(call, 1, 1);
        call.reply(state.batches().getMany(call, keys), (writer, lookups) -> {
            writer.array(lookups.size());
            for (Lookup lookup : lookups) {
                writer.bulk(lookup.value());
            }
        });
    }

    private void mset(RespCall call) {
        Map<String, byte[]> pairs = pairs(call);
        call.reply(putPairs(call, pairs), (writer, ignored) -> writer.ok());
    }

    /** Sets every pair only if none of the keys exists. Checked, then written: not atomic across keys. */
    private void msetnx(RespCall call) {
        Map<String, byte[]> pairs = pairs(call);
        List<CacheKey> keys = new ArrayList<>(pairs.size());
        pairs.keySet().forEach(key -> keys.add(CacheKey.of(key.getBytes(StandardCharsets.ISO_8859_1))));
        call.sequential();
        call.reply(state.batches().getMany(call, keys).compose(lookups -> {
            if (lookups.stream().anyMatch(Lookup::found)) {
                return Future.succeededFuture(0L);
            }
            return putPairs(call, pairs).map(1L);
        }), RespWriter::integer);
    }

    /** Key-value arguments, the last value of a repeated key winning, as Redis applies them in order. */
    private static Map<String, byte[]> pairs(RespCall call) {
        if ((call.argc() - 1) % 2 != 0) {
            throw new RespError(RespErrors.wrongArity(call.is(0, "MSET") ? "mset" : "msetnx"));
        }
        Map<String, byte[]> pairs = new LinkedHashMap<>();
        for (int i = 1; i < call.argc(); i += 2) {
            // ISO-8859-1 maps every byte to one char and back: a lossless map key.
            pairs.put(new String(call.arg(i), StandardCharsets.ISO_8859_1), call.arg(i + 1));
        }
        return pairs;
    }

    private Future<Void> putPairs(RespCall call, Map<String, byte[]> pairs) {
        List<CacheKey> keys = new ArrayList<>(pairs.size());
        List<byte[]> values = new ArrayList<>(pairs.size());
        pairs.forEach((key, value) -> {
            keys.add(CacheKey.of(key.getBytes(StandardCharsets.ISO_8859_1)));
            values.add(value);
        });
        return state.batches().putMany(call, keys, values);
    }

    private void append(RespCall call) {
        byte[] suffix = call.arg(2);
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1), current -> {
            byte[] old = current.found() ? current.value() : new byte[0];
            byte[] joined = Arrays.copyOf(old, old.length + suffix.length);
            System.arraycopy(suffix, 0, joined, old.length, suffix.length);
            return ReadModifyWrite.write(joined, current.ttlRemainingMs(), (long) joined.length);
        }), RespWriter::integer);
    }

    private void strlen(RespCall call) {
        call.reply(store().get(call.cache(), call.key(1)),
                (writer, lookup) -> writer.integer(lookup.found() ? lookup.value().length : 0));
    }

    private void getrange(RespCall call) {
        long start = call.integerArg(2);
        long end = call.integerArg(3);
        call.reply(store().get(call.cache(), call.key(1)), (writer, lookup) -> {
            byte[] value = lookup.found() ? lookup.value() : new byte[0];
            writer.bulk(range(value, start, end));
        });
    }

    /** Redis's GETRANGE arithmetic: negative indexes count from the end; out of range is empty. */
    static byte[] range(byte[] value, long start, long end) {
        long length = value.length;
        if (start < 0 && end < 0 && start > end) {
            return new byte[0];
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        end = Math.min(end, length - 1);
        if (length == 0 || start > end) {
            return new byte[0];
        }
        return Arrays.copyOfRange(value, (int) start, (int) end + 1);
    }

    private void setrange(RespCall call) {
        long offset = call.integerArg(2);
        byte[] patch = call.arg(3);
        if (offset < 0) {
            throw new RespError("ERR offset is out of range");
        }
        if (offset > maxStringBytes() - patch.length) {
            throw tooLong();
        }
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1), current -> {
            byte[] old = current.found() ? current.value() : new byte[0];
            if (patch.length == 0) {
                return ReadModifyWrite.answer((long) old.length);
            }
            int length = (int) Math.max(old.length, offset + patch.length);
            byte[] updated = Arrays.copyOf(old, length);
            System.arraycopy(patch, 0, updated, (int) offset, patch.length);
            return ReadModifyWrite.write(updated, current.ttlRemainingMs(), (long) updated.length);
        }), RespWriter::integer);
    }

    /** The longest value the node stores (max-value-bytes), checked before anything that long is built. */
    private long maxStringBytes() {
        return Math.min(MAX_STRING_BYTES, state.config().maxValueBytes());
    }

    private static RespError tooLong() {
        return new RespError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }

    private void decrby(RespCall call) {
        long delta = call.integerArg(2);
        if (delta == Long.MIN_VALUE) {
            throw new RespError("ERR decrement would overflow");
        }
        increment(call, -delta);
    }

    private void increment(RespCall call, long delta) {
        Future<Long> counted = store().increment(call.cache(), call.key(1), delta, 0, 0)
                .map(counter -> counter.value())
                .recover(failure -> Future.failedFuture(counterError(failure)));
        call.reply(counted, RespWriter::integer);
    }

    /** The store's "not a decimal int64" and overflow refusals, in Redis's words. */
    private static Throwable counterError(Throwable failure) {
        if (failure instanceof CacheException e && e.error() == CacheError.FAILED_PRECONDITION) {
            return new RespError(e.getMessage().contains("overflow") ? RespErrors.OVERFLOW : RespErrors.NOT_AN_INTEGER);
        }
        return failure;
    }

    private void incrbyfloat(RespCall call) {
        Double increment = RespNumbers.parseDouble(call.arg(2));
        if (increment == null) {
            throw new RespError(RespErrors.NOT_A_FLOAT);
        }
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1), current -> {
            double base = 0;
            if (current.found()) {
                Double parsed = RespNumbers.parseDouble(current.value());
                if (parsed == null) {
                    throw new RespError(RespErrors.NOT_A_FLOAT);
                }
                base = parsed;
            }
            byte[] text = RespNumbers.add(current.found() ? current.value() : ZERO, call.arg(2), base + increment);
            return ReadModifyWrite.write(text, current.ttlRemainingMs(), text);
        }), RespWriter::bulk);
    }

    private static long bitOffset(RespCall call) {
        Long offset = RespNumbers.parseLong(call.arg(2));
        if (offset == null || offset < 0 || (offset >> 3) >= MAX_STRING_BYTES) {
            throw new RespError("ERR bit offset is not an integer or out of range");
        }
        return offset;
    }

    private void setbit(RespCall call) {
        long offset = bitOffset(call);
        Long bit = RespNumbers.parseLong(call.arg(3));
        if (bit == null || (bit != 0 && bit != 1)) {
            throw new RespError("ERR bit is not an integer or out of range");
        }
        if ((offset >> 3) >= maxStringBytes()) {
            throw tooLong();
        }
        int byteIndex = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        call.sequential();
        call.reply(ReadModifyWrite.apply(store(), call.cache(), call.key(1), current -> {
            byte[] old = current.found() ? current.value() : new byte[0];
            byte[] updated = Arrays.copyOf(old, Math.max(old.length, byteIndex + 1));
            long previous = (updated[byteIndex] & mask) != 0 ? 1 : 0;
            updated[byteIndex] = (byte) (bit == 1 ? updated[byteIndex] | mask : updated[byteIndex] & ~mask);
            return ReadModifyWrite.write(updated, current.ttlRemainingMs(), previous);
        }), RespWriter::integer);
    }

    private void getbit(RespCall call) {
        long offset = bitOffset(call);
        call.reply(store().get(call.cache(), call.key(1)), (writer, lookup) -> {
            byte[] value = lookup.found() ? lookup.value() : new byte[0];
            long byteIndex = offset >> 3;
            int mask = 1 << (7 - (int) (offset & 7));
            writer.integer(byteIndex < value.length && (value[(int) byteIndex] & mask) != 0 ? 1 : 0);
        });
    }

    /** The keys at {@code first}, {@code first + step}, ... */
    static List<CacheKey> keys(RespCall call, int first, int step) {
        List<CacheKey> keys = new ArrayList<>((call.argc() - first + step - 1) / step);
        for (int i = first; i < call.argc(); i += step) {
            keys.add(call.key(i));
        }
        return keys;
    }
}
