package io.ringcache.node.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The guard sees what it must: Vert.x's own warning in this JVM, and one in a forked node's log. */
class BlockedThreadGuardTest {

    @Test
    void seesVertxBlockedThreadWarning_underTheLoggerNameVertxUses(BlockedThreadGuard.Warnings guarded) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(50).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
        try {
            // On purpose, and taken below, so the guard does not fail this test.
            vertx.runOnContext(ignored -> sleep(400));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.addAll(guarded.take()));
            assertThat(seen.get(0)).contains("vert.x-eventloop-thread-0 has been blocked").contains("\tat ");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(100)).until(() -> {
            guarded.take();
            return true;
        });
    }

    @Test
    void seesOnlyWarningsAddedToForkedNodeLogs_andEachOnce(@TempDir Path logs) throws IOException {
        Path log = logs.resolve("node-1.log");
        Files.writeString(log, "12:00:00.000 WARN [vertx-blocked-thread-checker] Thread vert.x-eventloop-thread-1"
                + " has been blocked for 2500 ms, time limit is 2000 ms\n");
        BlockedThreadGuard.Warnings warnings = new BlockedThreadGuard.Warnings(logs);
        try {
            assertThat(warnings.take()).isEmpty();

            Files.writeString(log, "12:00:01.000 WARN [vertx-blocked-thread-checker] Thread vert.x-eventloop-thread-0"
                    + " has been blocked for 4982 ms, time limit is 2000 ms\n"
                    + "io.vertx.core.VertxException: Thread blocked\n\tat a.B.c(B.java:1)\n"
                    + "12:00:02.000 WARN Thread vert.x-worker-thread-0 has been blocked for 61000 ms\n",
                    java.nio.file.StandardOpenOption.APPEND);

            assertThat(warnings.take()).singleElement().asString()
                    .contains("node-1.log", "vert.x-eventloop-thread-0 has been blocked for 4982 ms", "\tat a.B.c");
            assertThat(warnings.take()).isEmpty();
        } finally {
            warnings.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
