package io.ringcache.cluster;

import com.google.protobuf.ByteString;
import io.ringcache.cluster.history.HistoryRecorder;
import io.ringcache.cluster.history.HistoryReport;
import io.ringcache.cluster.history.KeyReport;
import io.ringcache.cluster.history.LinearizabilityChecker;
import io.ringcache.cluster.history.SearchBudget;
import io.ringcache.cluster.history.Op;
import io.ringcache.cluster.history.Outcome;
import io.ringcache.cluster.history.Result;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.proto.v1.DeleteRequest;
import io.ringcache.proto.v1.DeleteResponse;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.IncrementRequest;
import io.ringcache.proto.v1.IncrementResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.vertx.grpc.common.GrpcStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Jepsen-style load for the history checker: {@code processes} threads issue concurrent Get,
 * Put, Put-if-version, Put-if-absent, Delete and Increment calls on a few shared keys, each call
 * one attempt on the wire (no client retries), and record every call's invoke, outcome and
 * answer in a {@link HistoryRecorder}. A thread whose call fails moves on to the next node, as
 * clients fail over. Keys carry a run id, so every key starts absent; put values are distinct
 * decimal numbers, so Increment works on any of them and the checker can pin unknown puts.
 *
 * <p>Outcomes follow the checker's rules: a write that fails with anything but a refusal of the
 * request itself (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, or UNAVAILABLE "node not ready: …",
 * which the node answers only before it has run anything) is unknown, since UNAVAILABLE and
 * DEADLINE_EXCEEDED may come after the write was applied; a Get that fails tells nothing. Taking
 * "node not ready" as a failure also checks that promise: a write it refused that took effect
 * would show as a violation.
 */
final class HistoryLoad implements AutoCloseable {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
    private static final long BACKOFF_NANOS = Duration.ofMillis(20).toNanos();

    private final List<String> keys = new ArrayList<>();
    private final HistoryRecorder history = new HistoryRecorder();
    private final AtomicLong answered = new AtomicLong();
    /** Failed calls by operation, outcome and the start of the message, for the report. */
    private final Map<String, LongAdder> failureCauses = new ConcurrentHashMap<>();
    /** Which of the nodes given each call went to, by call id: printed beside a violation's witness. */
    private final Map<Integer, Integer> targets = new ConcurrentHashMap<>();
    private final long seed;
    private final String cache;
    private final Mix mix;
    private final LoadWorkers workers;

    /**
     * Starts {@code processes} threads on {@code keys} (names no earlier run used: see
     * {@link #freshKeys}), calling the nodes on {@code grpcPorts}.
     */
    HistoryLoad(List<Integer> grpcPorts, int processes, List<String> keys, Duration maxTime) {
        this(grpcPorts, "", processes, keys, maxTime);
    }

    /** As {@link #HistoryLoad(List, int, List, Duration)}, on the keys of {@code cache} ("" = default). */
    HistoryLoad(List<Integer> grpcPorts, String cache, int processes, List<String> keys, Duration maxTime) {
        this(grpcPorts, cache, processes, keys, maxTime, Mix.ALL);
    }

    /**
     * The calls a load makes. A control's load leaves Delete out: a delete whose outcome is unknown
     * lets the checker explain a lost key as deleted, so with it a control can pass unseen.
     */
    enum Mix { ALL, NO_DELETES }

    /** As {@link #HistoryLoad(List, String, int, List, Duration)}, with the calls of {@code mix}. */
    HistoryLoad(List<Integer> grpcPorts, String cache, int processes, List<String> keys, Duration maxTime, Mix mix) {
        this.mix = mix;
        this.cache = cache;
        this.workers = new LoadWorkers(grpcPorts, CALL_DEADLINE);
        this.keys.addAll(keys);
        this.seed = System.nanoTime();
        long deadline = System.nanoTime() + maxTime.toNanos();
        workers.start(processes, "history-load", process -> run(process, deadline));
    }

    private void run(int process, long deadlineNanos) {
        Random random = new Random(seed + process);
        int target = process % workers.nodes();
        long[] lastSeenVersion = new long[keys.size()];
        for (long sequence = 0; !workers.stopping() && System.nanoTime() < deadlineNanos; sequence++) {
            int keyIndex = random.nextInt(keys.size());
            String key = keys.get(keyIndex);
            // Distinct across processes and calls, and decimal, so Increment applies to it.
            String value = Long.toString(process * 1_000_000_000L + sequence);
            Op op = chooseOp(random, value, Math.max(1, lastSeenVersion[keyIndex]), mix);
            HistoryRecorder.Call call = history.invoke(process, key, op);
            targets.put(call.id(), target);
            boolean served;
            try {
                Result result = send(workers.client(target), key, op);
                history.ok(call, result);
                answered.incrementAndGet();
                lastSeenVersion[keyIndex] = versionIn(result, lastSeenVersion[keyIndex]);
                served = true;
            } catch (GrpcCallException e) {
                boolean failed = !op.isWrite() || refusedUnrun(e);
                if (failed) {
                    history.fail(call);
                } else {
                    history.unknown(call);
                }
                countFailure(op, failed, e);
                served = false;
            } catch (RuntimeException e) {
                history.unknown(call);
                countFailure(op, false, e);
                served = false;
            }
            if (!served) {
                target = (target + 1) % workers.nodes();
                LockSupport.parkNanos(BACKOFF_NANOS);
            }
        }
    }

    private void countFailure(Op op, boolean failed, RuntimeException e) {
        String message = (e instanceof GrpcCallException ? "" : e.getClass().getSimpleName() + ": ")
                + String.valueOf(e.getMessage()).replaceAll("[0-9]+", "#");
        String cause = (op.isWrite() ? "write " : "read ") + (failed ? "fail " : "unknown ")
                + message.substring(0, Math.min(message.length(), 90));
        failureCauses.computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    /** The most frequent causes of failed calls, most frequent first, with their counts. */
    String failureCauses(int most) {
        return failureCauses.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
                .limit(most).map(e -> e.getValue().sum() + "x " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /**
     * For each key that is not linearizable, the node each call of its witness went to: its
     * place in the list of ports the load was given, counted from 1.
     */
    String witnessTargets(HistoryReport report) {
        return report.keys().stream().filter(key -> !key.witness().isEmpty())
                .map(key -> key.key() + " witness calls went to nodes (in call order) " + key.witness().stream()
                        .map(operation -> String.valueOf(targets.getOrDefault(operation.id(), -2) + 1))
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining("\n"));
    }

    /** Whether the node refused the call before running it, so it cannot have taken effect. */
    private static boolean refusedUnrun(GrpcCallException e) {
        return e.status() == GrpcStatus.INVALID_ARGUMENT || e.status() == GrpcStatus.RESOURCE_EXHAUSTED
                || e.status() == GrpcStatus.UNAVAILABLE && e.getMessage().startsWith(e.status() + ": node not ready:");
    }

    /** {@code count} key names no other run uses, so each starts absent as the checker assumes. */
    static List<String> freshKeys(int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> fresh = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            fresh.add("register-" + run + "-" + k);
        }
        return fresh;
    }

    /** A random call; in a {@link Mix#NO_DELETES} load a Get takes the place of a Delete. */
    private static Op chooseOp(Random random, String value, long expectedVersion, Mix mix) {
        int dice = random.nextInt(100);
        if (dice < 45) {
            return Op.get();
        } else if (dice < 65) {
            return Op.put(value);
        } else if (dice < 80) {
            return Op.putIfVersion(value, expectedVersion);
        } else if (dice < 85) {
            return Op.putIfAbsent(value);
        } else if (dice < 90) {
            return mix == Mix.NO_DELETES ? Op.get() : Op.delete();
        }
        return Op.increment(1);
    }

    private Result send(CacheTestClient client, String key, Op op) {
        ByteString wireKey = CacheTestClient.bytes(key);
        if (op instanceof Op.Get) {
            GetResponse got = client.get(GetRequest.newBuilder().setCache(cache).setKey(wireKey).build());
            return got.getFound() ? Result.found(got.getValue().toStringUtf8(), got.getVersion()) : Result.absent();
        }
        if (op instanceof Op.Put put) {
            PutResponse written = client.put(PutRequest.newBuilder().setCache(cache).setKey(wireKey)
                    .setValue(CacheTestClient.bytes(put.value()))
                    .setCondition(PutRequest.Condition.valueOf(put.condition().name()))
                    .setExpectedVersion(put.expectedVersion()).build());
            return written.getApplied() ? Result.written(written.getVersion()) : Result.notWritten(written.getVersion());
        }
        if (op instanceof Op.Delete delete) {
            DeleteResponse deleted = client.delete(DeleteRequest.newBuilder().setCache(cache).setKey(wireKey)
                    .setExpectedVersion(delete.expectedVersion()).build());
            return Result.deleted(deleted.getDeleted());
        }
        Op.Increment increment = (Op.Increment) op;
        IncrementResponse counted = client.increment(IncrementRequest.newBuilder().setCache(cache).setKey(wireKey)
                .setDelta(increment.delta()).setInitial(increment.initial()).build());
        return Result.counter(counted.getValue(), counted.getVersion());
    }

    private static long versionIn(Result result, long otherwise) {
        if (result instanceof Result.GetResult got) {
            return got.version();
        } else if (result instanceof Result.PutResult put) {
            return put.version();
        } else if (result instanceof Result.IncrementResult counted) {
            return counted.version();
        }
        return otherwise;
    }

    /** Stops the load and waits for its threads; {@link #finishAndCheck} then only checks. */
    void stop() throws InterruptedException {
        workers.stopAndJoin();
    }

    /** Where the reports' times count from ({@link System#nanoTime()}); {@code fallback} before any call. */
    long originNanos(long fallback) {
        return history.originNanos(fallback);
    }

    /** Stops the load, waits for its threads, and checks the whole history key by key. */
    HistoryReport finishAndCheck() throws InterruptedException {
        return finishAndCheck(SearchBudget.DEFAULT);
    }

    /** As {@link #finishAndCheck()}, with a search budget per key (a smaller one for reported-only histories). */
    HistoryReport finishAndCheck(SearchBudget budget) throws InterruptedException {
        workers.stopAndJoin();
        return new LinearizabilityChecker(budget).check(history.operations());
    }

    /** One line for a scenario's report: calls by outcome, keys linearizable, check time. */
    static String summary(HistoryReport report) {
        EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        long checkMs = 0;
        long linearizable = 0;
        for (KeyReport key : report.keys()) {
            key.counts().values().forEach(byOutcome -> byOutcome.forEach((outcome, n) -> outcomes.merge(outcome, n,
                    Integer::sum)));
            checkMs += key.checkNanos() / 1_000_000;
            linearizable += key.linearizable() ? 1 : 0;
        }
        int calls = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        return String.format("%d calls (%s), %d of %d keys linearizable, checked in %d ms", calls, outcomes,
                linearizable, report.keys().size(), checkMs);
    }

    /** How many calls were answered so far: a test waits on it to see the load go on. */
    long answered() {
        return answered.get();
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
