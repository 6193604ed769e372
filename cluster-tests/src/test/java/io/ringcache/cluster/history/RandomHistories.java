package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Random concurrent histories of one key, made by running a real sequential register: each call
 * gets an interval and a point inside it where it takes effect; calls are applied in point order,
 * so the history is linearizable until {@link #corrupt} changes a result.
 */
final class RandomHistories {

    private final VersionedRegister model = new VersionedRegister();
    private final Random random;

    RandomHistories(long seed) {
        this.random = new Random(seed);
    }

    /** One key, {@code count} calls with overlapping intervals, some unknown or failed. */
    List<Operation> history(int count, int processes, long maxGap, long maxDuration, double unknownRate) {
        return history(HistoryBuilder.KEY, count, processes, maxGap, maxDuration, unknownRate, 0);
    }

    List<Operation> history(String key, int count, int processes, long maxGap, long maxDuration,
                            double unknownRate, int firstId) {
        record Planned(int index, int process, Op op, long invoke, long complete, double point, Outcome outcome,
                       boolean applied) {
        }
        List<Planned> plan = new ArrayList<>();
        long[] processClock = new long[processes];
        for (int i = 0; i < count; i++) {
            int process = random.nextInt(processes);
            long invoke = processClock[process] + random.nextInt((int) maxGap + 1);
            long complete = invoke + random.nextInt((int) maxDuration + 1);
            processClock[process] = complete + 1;
            double point = invoke + random.nextDouble() * (complete - invoke);
            double fate = random.nextDouble();
            Outcome outcome = fate < unknownRate ? Outcome.UNKNOWN : fate < unknownRate * 1.5 ? Outcome.FAIL : Outcome.OK;
            boolean applied = outcome == Outcome.OK || (outcome == Outcome.UNKNOWN && random.nextBoolean());
            plan.add(new Planned(firstId + i, process, randomOp(i), invoke, complete, point, outcome, applied));
        }
        List<Planned> byPoint = new ArrayList<>(plan);
        byPoint.sort(Comparator.comparingDouble(Planned::point));
        Result[] results = new Result[count];
        RegisterState state = RegisterState.ABSENT;
        for (Planned p : byPoint) {
            if (p.applied()) {
                VersionedRegister.Transition step = model.step(state, p.op());
                state = step.next();
                results[p.index() - firstId] = step.result();
            }
        }
        List<Operation> ops = new ArrayList<>();
        for (Planned p : plan) {
            ops.add(switch (p.outcome()) {
                case OK -> Operation.ok(p.index(), p.process(), key, p.op(), p.invoke(), p.complete(),
                        results[p.index() - firstId]);
                case FAIL -> Operation.failed(p.index(), p.process(), key, p.op(), p.invoke(), p.complete());
                case UNKNOWN -> Operation.unknown(p.index(), p.process(), key, p.op(), p.invoke());
            });
        }
        return ops;
    }

    private Op randomOp(int index) {
        int kind = random.nextInt(100);
        if (kind < 30) {
            return Op.get();
        }
        if (kind < 50) {
            return Op.put(randomValue(index));
        }
        if (kind < 63) {
            return Op.putIfVersion(randomValue(index), 1 + random.nextInt(3));
        }
        if (kind < 68) {
            return Op.putIfAbsent(randomValue(index));
        }
        if (kind < 72) {
            return Op.putIfPresent(randomValue(index));
        }
        if (kind < 82) {
            return random.nextInt(3) == 0 ? Op.deleteIfVersion(1 + random.nextInt(3)) : Op.delete();
        }
        return Op.increment(random.nextInt(3) - 1);
    }

    /** Mostly unique values (what pins unknown writes), sometimes repeated or decimal ones. */
    private String randomValue(int index) {
        int kind = random.nextInt(10);
        if (kind < 6) {
            return "v" + index;
        }
        if (kind < 8) {
            return random.nextBoolean() ? "x" : "y";
        }
        return Integer.toString(random.nextInt(3));
    }

    /** The history with one acknowledged result changed, or its times shifted; null if none is ok. */
    List<Operation> corrupt(List<Operation> history) {
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).outcome() == Outcome.OK) {
                acknowledged.add(i);
            }
        }
        if (acknowledged.isEmpty()) {
            return null;
        }
        int at = acknowledged.get(random.nextInt(acknowledged.size()));
        Operation o = history.get(at);
        Operation changed;
        if (random.nextInt(5) == 0) {
            long shift = random.nextInt(21) - 10;
            long invoke = Math.max(0, o.invokeNanos() + shift);
            changed = new Operation(o.id(), o.process(), o.key(), o.op(), invoke,
                    Math.max(invoke, o.completeNanos() + shift), o.outcome(), o.result());
        } else {
            changed = o.pinned(o.completeNanos(), wrongResult(o.result()));
        }
        List<Operation> corrupted = new ArrayList<>(history);
        corrupted.set(at, changed);
        return corrupted;
    }

    private Result wrongResult(Result r) {
        int delta = random.nextBoolean() ? 1 : -1;
        if (r instanceof Result.GetResult get) {
            return switch (random.nextInt(3)) {
                case 0 -> get.found() ? Result.absent() : Result.found("x", 1);
                case 1 -> get.found() ? Result.found(get.value(), Math.max(1, get.version() + delta)) : Result.found("v0", 1);
                default -> Result.found(random.nextBoolean() ? "x" : "v" + random.nextInt(7), Math.max(1, get.version()));
            };
        }
        if (r instanceof Result.PutResult put) {
            return random.nextBoolean()
                    ? new Result.PutResult(!put.applied(), put.version())
                    : new Result.PutResult(put.applied(), Math.max(0, put.version() + delta));
        }
        if (r instanceof Result.DeleteResult del) {
            return Result.deleted(!del.deleted());
        }
        if (r instanceof Result.IncrementResult inc) {
            return random.nextBoolean()
                    ? Result.counter(inc.value() + delta, inc.version())
                    : Result.counter(inc.value(), Math.max(1, inc.version() + delta));
        }
        return Result.counter(0, 1);
    }
}
