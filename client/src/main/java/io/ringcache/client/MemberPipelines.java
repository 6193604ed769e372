package io.ringcache.client;

import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;
import io.vertx.grpc.common.GrpcStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Pipeline streams to one member, shared by every call to it. A call joins the stream with
 * the fewest calls in flight; the requests added to a stream during one turn of its thread are
 * written together on the next. Each stream carries at most {@code maxInFlight} calls (the
 * node's own limit per stream); when all are full a call waits in a queue of at most
 * {@code maxQueued}, and beyond that fails at once with RESOURCE_EXHAUSTED, so a caller that
 * outruns the member is pushed back instead of queueing without bound.
 *
 * <p>A call that passes its deadline (checked by {@link #expire}) fails DEADLINE_EXCEEDED;
 * its late answer is dropped, but it keeps its place in the stream's count until answered,
 * because the node is still working on it. A stream that ends or cannot be opened fails its
 * calls UNAVAILABLE as a connection failure (so they are retried like any lost connection)
 * and is opened again when next needed.
 *
 * <p>State is guarded by this object's lock; futures are completed outside it.
 */
final class MemberPipelines {

    /** The gRPC code of RESOURCE_EXHAUSTED. */
    static final int RESOURCE_EXHAUSTED = 8;

    private final String address;
    private final PipelineWire wire;
    private final int maxInFlight;
    private final int maxQueued;
    private final LongSupplier nanoClock;
    private final Stream[] streams;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private boolean closed;

    MemberPipelines(String address, PipelineWire wire, int streams, int maxInFlight, int maxQueued,
                    LongSupplier nanoClock) {
        this.address = address;
        this.wire = wire;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.nanoClock = nanoClock;
        this.streams = new Stream[streams];
        for (int i = 0; i < streams; i++) {
            this.streams[i] = new Stream();
        }
    }

    /** Sends {@code call} (its id is set here) on one of the streams; fails after {@code timeoutMs}. */
    CompletableFuture<PipelineResponse> call(PipelineRequest.Builder call, long timeoutMs) {
        Pending pending = new Pending(call, nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        RingcacheException refused = null;
        synchronized (this) {
            Stream stream = closed ? null : leastLoaded();
            if (closed) {
                refused = unavailable("the client is closed", null);
            } else if (stream != null) {
                stream.assign(pending);
            } else if (queued.size() < maxQueued) {
                queued.add(pending);
            } else {
                refused = new RingcacheException(RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED", "every Pipeline stream to "
                        + address + " has " + maxInFlight + " calls in flight and " + maxQueued
                        + " more are queued; slow down or raise pipelineMaxQueued", false, null);
            }
        }
        if (refused != null) {
            pending.future.completeExceptionally(refused);
        }
        return pending.future;
    }

    /** Fails every call whose deadline has passed. */
    void expire() {
        long now = nanoClock.getAsLong();
        List<Pending> late = new ArrayList<>();
        synchronized (this) {
            for (Stream stream : streams) {
                for (Pending pending : stream.inFlight.values()) {
                    if (pending.deadline - now <= 0 && !pending.future.isDone()) {
                        late.add(pending); // stays counted until its answer comes or the stream ends
                    }
                }
            }
            for (Iterator<Pending> waiting = queued.iterator(); waiting.hasNext(); ) {
                Pending pending = waiting.next();
                if (pending.deadline - now <= 0) {
                    waiting.remove();
                    late.add(pending);
                }
            }
        }
        for (Pending pending : late) {
            pending.future.completeExceptionally(new RingcacheException(RingcacheException.DEADLINE_EXCEEDED,
                    "DEADLINE_EXCEEDED", "no answer from " + address + " within the call's deadline", false, null));
        }
    }

    /** Calls in flight on the streams plus queued ones (for tests and diagnostics). */
    synchronized int outstanding() {
        int count = queued.size();
        for (Stream stream : streams) {
            count += stream.inFlight.size();
        }
        return count;
    }

    /** Fails every call and resets the streams. */
    void close() {
        List<Pending> failed = new ArrayList<>();
        List<PipelineWire.Sink> sinks = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Stream stream : streams) {
                if (stream.sink != null) {
                    sinks.add(stream.sink);
                }
                failed.addAll(stream.reset());
            }
            failed.addAll(queued);
            queued.clear();
        }
        sinks.forEach(PipelineWire.Sink::cancel);
        RingcacheException closing = unavailable("the client is closed", null);
        failed.forEach(pending -> pending.future.completeExceptionally(closing));
    }

    private Stream leastLoaded() {
        Stream best = null;
        for (Stream stream : streams) {
            if (stream.inFlight.size() < maxInFlight && (best == null || stream.inFlight.size() < best.inFlight.size())) {
                best = stream;
            }
        }
        return best;
    }

    private RingcacheException unavailable(String why, Throwable cause) {
        return new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE",
                "Pipeline stream to " + address + ": " + why, true, cause);
    }

    static RingcacheException failure(PipelineResponse answer) {
        int code = answer.getError().getCode();
        GrpcStatus status = GrpcStatus.valueOf(code);
        return RingcacheException.fromNode(code, status == null ? "UNKNOWN" : status.name(),
                answer.getError().getMessage(), null);
    }

    private static final class Pending {
        final PipelineRequest.Builder call;
        final long deadline;
        final CompletableFuture<PipelineResponse> future = new CompletableFuture<>();

        Pending(PipelineRequest.Builder call, long deadline) {
            this.call = call;
            this.deadline = deadline;
        }
    }

    /** One stream's state; every field is guarded by the enclosing lock. */
    private final class Stream {
        /** Calls sent or about to be, by id; removed when answered or when the stream ends. */
        Map<Long, Pending> inFlight = new HashMap<>();
        /** Ids assigned this turn, written by the next flush. */
        List<Long> outbox = new ArrayList<>();
        PipelineWire.Sink sink;
        boolean opening;
        boolean flushScheduled;
        /** Bumped on every reset, so reports from a stream that has ended are ignored. */
        int generation;
        long nextId;

        /** Adds a call (the lock is held): opens the stream or schedules a flush as needed. */
        void assign(Pending pending) {
            long id = nextId++;
            pending.call.setId(id);
            inFlight.put(id, pending);
            outbox.add(id);
            if (sink == null) {
                if (!opening) {
                    opening = true;
                    open(generation);
                }
            } else if (!flushScheduled) {
                flushScheduled = true;
                PipelineWire.Sink target = sink;
                int current = generation;
                target.execute(() -> flush(target, current));
            }
        }

        private void open(int opened) {
            wire.open(address, new PipelineWire.Listener() {
                @Override
                public void answered(PipelineResponse response) {
                    Stream.this.answered(opened, response);
                }

                @Override
                public void ended(RingcacheException why) {
                    Stream.this.ended(opened, why);
                }
            }).whenComplete((sink, error) -> {
                if (error != null) {
                    // Nothing was written on a stream that never opened: its calls may all go again.
                    ended(opened, RingcacheException.notSent("Pipeline stream to " + address + ": could not open: "
                            + error.getMessage(), error));
                } else {
                    this.opened(opened, sink);
                }
            });
        }

        private void opened(int opened, PipelineWire.Sink ready) {
            boolean stale;
            synchronized (MemberPipelines.this) {
                stale = opened != generation || closed;
                if (!stale) {
                    sink = ready;
                    opening = false;
                    if (!outbox.isEmpty() && !flushScheduled) {
                        flushScheduled = true;
                        ready.execute(() -> flush(ready, opened));
                    }
                }
            }
            if (stale) {
                ready.cancel();
            }
        }

        /** On the stream's thread: writes what was assigned since the last flush, minus calls already failed. */
        private void flush(PipelineWire.Sink target, int flushed) {
            List<PipelineRequest> batch;
            synchronized (MemberPipelines.this) {
                if (flushed != generation) {
                    return;
                }
                flushScheduled = false;
                batch = new ArrayList<>(outbox.size());
                for (Long id : outbox) {
                    Pending pending = inFlight.get(id);
                    if (pending == null) {
                        continue;
                    }
                    if (pending.future.isDone()) {
                        inFlight.remove(id); // expired before it left: the node never sees it
                    } else {
                        batch.add(pending.call.build());
                    }
                }
                outbox.clear();
                promoteQueued();
            }
            if (!batch.isEmpty()) {
                target.write(batch);
            }
        }

        private void answered(int answeredOn, PipelineResponse response) {
            Pending pending;
            synchronized (MemberPipelines.this) {
                if (answeredOn != generation) {
                    return;
                }
                pending = inFlight.remove(response.getId());
                if (pending == null) {
                    return;
                }
                promoteQueued();
            }
            if (response.hasError()) {
                pending.future.completeExceptionally(failure(response));
            } else {
                pending.future.complete(response); // no effect if the deadline passed first
            }
        }

        private void ended(int endedOn, RingcacheException why) {
            List<Pending> failed;
            synchronized (MemberPipelines.this) {
                if (endedOn != generation) {
                    return;
                }
                failed = reset();
                // Queued calls stay queued: they go to the next stream opened (this one, reopened).
                promoteQueued();
            }
            RingcacheException lost = why.isConnectionFailure() ? why : unavailable(why.getMessage(), why);
            failed.forEach(pending -> pending.future.completeExceptionally(lost));
        }

        /** Forgets the stream (the lock is held): returns its calls, none of which will be answered now. */
        List<Pending> reset() {
            List<Pending> calls = new ArrayList<>(inFlight.values());
            inFlight = new HashMap<>();
            outbox = new ArrayList<>();
            sink = null;
            opening = false;
            flushScheduled = false;
            generation++;
            return calls;
        }

        /** Moves queued calls onto this stream while it has room (the lock is held). */
        private void promoteQueued() {
            while (!closed && inFlight.size() < maxInFlight && !queued.isEmpty()) {
                Pending next = queued.poll();
                if (!next.future.isDone()) {
                    assign(next);
                }
            }
        }
    }
}
