package io.ringcache.node.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ringcache.node.net.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop health: each event loop runs a timer every {@value #PERIOD_MS} ms and records how
 * late it fired. A loop that is blocked or saturated shows up as a growing delay, long before
 * Vert.x's blocked-thread warning (2 s).
 */
final class EventLoopDelay {

    private static final long PERIOD_MS = 500;

    private final Vertx vertx;
    private final List<Long> timers = new ArrayList<>();

    EventLoopDelay(Vertx vertx, MeterRegistry registry, int eventLoops) {
        this.vertx = vertx;
        Timer delay = Timer.builder("ringcache.event.loop.delay")
                .description("How late a periodic task ran on a Vert.x event loop")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
        // New event-loop contexts are spread over the event loops in turn: one per loop.
        for (int i = 0; i < eventLoops; i++) {
            Context context = VertxInternals.newEventLoopContext(vertx);
            context.runOnContext(ignored -> {
                long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)};
                long id = vertx.setPeriodic(PERIOD_MS, timer -> {
                    long now = System.nanoTime();
                    delay.record(Math.max(0, now - due[0]), TimeUnit.NANOSECONDS);
                    due[0] = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
                });
                synchronized (timers) {
                    timers.add(id);
                }
            });
        }
    }

    void stop() {
        synchronized (timers) {
            timers.forEach(vertx::cancelTimer);
            timers.clear();
        }
    }
}
