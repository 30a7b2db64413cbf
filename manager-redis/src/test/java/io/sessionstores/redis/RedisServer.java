package io.sessionstores.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a loopback port (tests: 7100-7199; the benchmarks' figure parts: 7311-7313), started by a test and always
 * stopped by it ({@code shutdown nosave}), so its command statistics and memory figures are the
 * test's own.
 */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;

    private RedisServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on {@code port}; {@code extraArgs} are further {@code --name value} settings. */
    static RedisServer start(int port, String... extraArgs) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(port, Files.createTempDirectory("redis-" + port), List.of(extraArgs));
        server.start();
        return server;
    }

    void start() throws IOException, InterruptedException {
        cli("shutdown", "nosave"); // a leftover from an aborted run
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        run(cmd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli("ping").contains("PONG")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server without saving (simulates a crash as far as data is concerned). */
    void stop() throws IOException, InterruptedException {
        cli("shutdown", "nosave");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cli("ping").contains("PONG") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    int port() {
        return port;
    }

    String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs {@code redis-cli -p port args...} and returns its output. */
    String cli(String... args) throws IOException, InterruptedException {
        return cli(port, args);
    }

    static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return out;
    }

    /** One field of {@code INFO <section>}, as a number. */
    long info(String section, String field) throws IOException, InterruptedException {
        for (String line : cli("info", section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
