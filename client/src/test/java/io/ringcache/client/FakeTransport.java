package io.ringcache.client;

import io.ringcache.proto.v1.TopologyResponse;
import io.vertx.grpc.common.ServiceMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** A transport without a network: records every call and answers with a function of (address, request). */
final class FakeTransport implements Transport {

    record Sent(String address, String method, Object request) {
    }

    final List<Sent> sent = new ArrayList<>();
    /** The clock the code under test reads: scheduling a task moves it forward by the delay. */
    final AtomicLong nanos = new AtomicLong();
    private BiFunction<String, Object, Object> answers;

    /** {@code answers} returns the response, or throws a RingcacheException to fail the call. */
    FakeTransport answering(BiFunction<String, Object, Object> answers) {
        this.answers = answers;
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <Req, Resp> CompletableFuture<Resp> call(String address, ServiceMethod<Resp, Req> method,
                                                                 Req request, long timeoutMs) {
        sent.add(new Sent(address, method.methodName(), request));
        try {
            return CompletableFuture.completedFuture((Resp) answers.apply(address, request));
        } catch (RingcacheException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    synchronized List<Sent> sent(String method) {
        return sent.stream().filter(call -> call.method().equals(method)).toList();
    }

    @Override
    public Runnable watchTopology(String address, Consumer<TopologyResponse> messages, Consumer<Throwable> ended) {
        return () -> { };
    }

    @Override
    public void schedule(long delayMs, Runnable task) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(delayMs));
        task.run();
    }

    @Override
    public void close() {
    }

    /** A failure before the request was written: connection refused. */
    static RingcacheException notSent() {
        return RingcacheException.notSent("connection refused", null);
    }

    /** The node said UNAVAILABLE: the request reached it, and may have been applied. */
    static RingcacheException unavailableAfterSending() {
        return new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE", "not confirmed on backups", false,
                null);
    }

    static RingcacheException unavailable() {
        return new RingcacheException(RingcacheException.UNAVAILABLE, "UNAVAILABLE", "connection refused", true, null);
    }
}
