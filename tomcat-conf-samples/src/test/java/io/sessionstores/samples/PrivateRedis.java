package io.sessionstores.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sessionstores.testsupport.RedisBinary;
import io.sessionstores.testsupport.RedisCli;

/**
 * A {@code redis-server} of the test's own on a loopback port (this module's tests: 7420-7439),
 * run as a child process so that the test can kill it with SIGKILL and start it again on the same
 * port and data directory. Append-only file with {@code appendfsync always}: a write Redis
 * acknowledged is on disk, so a killed and restarted server still has it (as a production Redis
 * that sessions must survive is configured). The shared Redis of the machine is never touched.
 */
final class PrivateRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private PrivateRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** A server for {@code port} whose files go to {@code dir}; not started yet. */
    static PrivateRedis on(int port, Path dir) {
        return new PrivateRedis(port, dir);
    }

    int port() {
        return port;
    }

    /** Starts {@code redis-server} and returns once it answers. */
    PrivateRedis start() {
        if (process == null && answers()) {
            RedisCli.call(port, "SHUTDOWN", "NOSAVE"); // a leftover of an aborted run of this test on its private port
            awaitGone();
        }
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(List.of(RedisBinary.command(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--logfile", dir.resolve("redis.log").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + RedisBinary.path(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start (port taken by a"
                        + " leftover of an aborted run?); see " + dir);
            }
            sleep(50);
        }
        return this;
    }

    /** SIGKILL: Redis ends at once, without a chance to write anything more. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Whether something answers PING on the port. */
    private boolean answers() {
        return RedisCli.call(port, "PING").startsWith("PONG");
    }

    private void awaitGone() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answers() && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
