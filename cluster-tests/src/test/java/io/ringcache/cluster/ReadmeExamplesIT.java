package io.ringcache.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.ringcache.cluster.ReadmeBlocks.Block;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every copy-paste block of the README, run in order as a new user would run them (the
 * documentation-test pattern): a block that stops working, or stops fitting the blocks before
 * it, fails the build. Blocks run in a scratch directory where {@code node/} and {@code proto/}
 * are the checkout's, so files the examples create stay out of the repository. The directives
 * are described in {@link ReadmeBlocks}.
 *
 * <p>Two things differ from a user's terminal, both said here: {@code mvn} is a stand-in that
 * does nothing, because the build running this test has already packaged and is itself the
 * test command; and Debian's {@code /usr/bin} comes first on the PATH, where the example's
 * Python libraries (python3-grpcio) are installed.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReadmeExamplesIT {

    private static final Duration BLOCK_BOUND = Duration.ofMinutes(2);
    private static final Duration READY_BOUND = Duration.ofSeconds(90);
    /** The fixed ports the README's examples use: they must be free before the first block. */
    private static final int[] README_PORTS = {7070, 8080, 6379, 5701, 7071, 7072, 7073, 8081, 8082, 8083,
        6381, 6382, 6383, 5711, 5712, 5713};

    @TempDir
    Path scratch;

    private final Map<String, Process> servers = new LinkedHashMap<>();
    private final List<String> notRun = new ArrayList<>();

    @AfterEach
    void stopServersAndUnlink() throws IOException {
        servers.values().forEach(ReadmeExamplesIT::stop);
        // Links out of the scratch directory go before JUnit deletes it (which warns about them).
        Files.deleteIfExists(scratch.resolve("node"));
        Files.deleteIfExists(scratch.resolve("proto"));
    }

    @Test
    void everyBlock_runsAsWritten_afterTheOneBeforeIt() throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        assertThat(repository.resolve("node/target/ringcache-node.jar"))
                .as("the runnable jar (mvn package) the README's commands start").exists();
        for (int port : README_PORTS) {
            assertThat(isFree(port)).as("port %d, which the README's examples use, is free", port).isTrue();
        }
        Files.createSymbolicLink(scratch.resolve("node"), repository.resolve("node"));
        Files.createSymbolicLink(scratch.resolve("proto"), repository.resolve("proto"));
        Path bin = Files.createDirectory(scratch.resolve(".readme-test-bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"readme-test: mvn $* was done by the build running this test\"\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ReadmeBlocks readme = ReadmeBlocks.parse(Files.readString(repository.resolve("README.md"),
                StandardCharsets.UTF_8));
        int run = 0;
        for (Block block : readme.blocks()) {
            if (runBlock(block, bin)) {
                run++;
            }
        }
        System.out.printf("readme-test: %d blocks run, %d not run:%n  %s%n", run, notRun.size(),
                String.join("\n  ", notRun));
        assertThat(run).as("blocks run").isGreaterThan(10);
    }

    /** Runs one block as its directive says; false when it is not run. */
    private boolean runBlock(Block block, Path bin) throws Exception {
        String[] directive = block.directive().split("\\s+", 2);
        String verb = directive[0].replaceAll(":$", "");
        String argument = directive.length > 1 ? directive[1] : "";
        switch (verb) {
            case "skip" -> {
                assertThat(argument).as("%s: a skipped block says why", block.where()).isNotBlank();
                notRun.add(block.where());
                return false;
            }
            case "file" -> {
                Files.writeString(scratch.resolve(argument), block.text(), StandardCharsets.UTF_8);
                return true;
            }
            case "server" -> {
                startServer(block, argument, bin);
                return true;
            }
            case "", "expect" -> {
                if (!block.isShell()) {
                    notRun.add(block.where() + " (" + block.language() + ")");
                    return false;
                }
                String output = runToEnd(block, bin);
                if (verb.equals("expect")) {
                    assertThat(output).as("%s's output", block.where()).contains(argument);
                }
                return true;
            }
            default -> throw new IllegalArgumentException(block.where() + ": unknown readme-test directive");
        }
    }

    private String runToEnd(Block block, Path bin) throws Exception {
        Process process = shell(block.text(), bin, scratch.resolve(".block-" + block.line() + ".log"));
        if (!process.waitFor(BLOCK_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            stop(process);
            fail("%s did not finish within %s; its output:%n%s", block.where(), BLOCK_BOUND, output(block));
        }
        String output = output(block);
        if (process.exitValue() != 0) {
            fail("%s exited %d; its output:%n%s", block.where(), process.exitValue(), output);
        }
        return output;
    }

    private void startServer(Block block, String argument, Path bin) throws Exception {
        String[] nameAndReady = argument.split("\\s+ready=", 2);
        assertThat(nameAndReady).as("%s: server NAME ready=URL", block.where()).hasSize(2);
        Process earlier = servers.remove(nameAndReady[0]);
        if (earlier != null) {
            stop(earlier);
        }
        // `wait` keeps the shell, and so every process the block put in the background, ours to stop.
        Process server = shell(block.text() + "wait\n", bin, scratch.resolve(".block-" + block.line() + ".log"));
        servers.put(nameAndReady[0], server);
        try {
            await(block.where() + ": " + nameAndReady[1] + " answers 200").atMost(READY_BOUND)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !server.isAlive() || answers200(nameAndReady[1]));
        } catch (ConditionTimeoutException e) {
            fail("%s: %s did not answer 200 within %s; its output:%n%s", block.where(), nameAndReady[1],
                    READY_BOUND, output(block));
        }
        if (!server.isAlive()) {
            fail("%s exited before %s answered; its output:%n%s", block.where(), nameAndReady[1], output(block));
        }
    }

    private Process shell(String script, Path bin, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(scratch.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin:" + System.getenv("PATH"));
        return builder.start();
    }

    private String output(Block block) throws IOException {
        return Files.readString(scratch.resolve(".block-" + block.line() + ".log"), StandardCharsets.UTF_8);
    }

    private boolean answers200(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sfk", "-o", "/dev/null", "--max-time", "2", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return curl.waitFor(5, TimeUnit.SECONDS) && curl.exitValue() == 0;
    }

    /** SIGTERM to the block's processes (a node drains and exits), then SIGKILL after a bound. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(45, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
